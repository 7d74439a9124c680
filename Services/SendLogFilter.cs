using Nop.Plugin.Misc.Smtp.Domain;

namespace Nop.Plugin.Misc.Smtp.Services;

/// <summary>
/// What the send log list and its export are narrowed to. Null members do not filter.
/// </summary>
/// <param name="Status">Only entries with this status.</param>
/// <param name="FromUtc">Only entries written at or after this instant.</param>
/// <param name="ToUtc">Only entries written before this instant.</param>
/// <param name="Text">Only entries whose recipients (To, Cc, Bcc) or subject contain this text.</param>
public sealed record SendLogFilter(SendStatus? Status = null, DateTime? FromUtc = null, DateTime? ToUtc = null, string Text = null)
{
    /// <summary>
    /// No filter: every entry.
    /// </summary>
    public static SendLogFilter All { get; } = new();
}
