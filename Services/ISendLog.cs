using Nop.Plugin.Misc.Smtp.Domain;

namespace Nop.Plugin.Misc.Smtp.Services;

/// <summary>
/// Where the plugin records what became of each email.
/// </summary>
public interface ISendLog
{
    /// <summary>
    /// Writes one entry. Never throws: a log that cannot be written must not turn a sent email into a failure, so the
    /// problem goes to nopCommerce's own log instead.
    /// </summary>
    Task RecordAsync(SmtpLogEntry entry, CancellationToken cancellationToken = default);
}
