using Nop.Web.Framework.Models;

namespace Nop.Plugin.Misc.Smtp.Models.Log;

/// <summary>
/// One row of the send log grid. Text members are data from the log and are encoded by the grid.
/// </summary>
public record SmtpLogModel : BaseNopEntityModel
{
    /// <summary>
    /// The time in the admin's time zone.
    /// </summary>
    public DateTime CreatedOn { get; set; }

    /// <summary>
    /// The localized status.
    /// </summary>
    public string Status { get; set; }

    public int StatusId { get; set; }

    public string To { get; set; }

    public string Subject { get; set; }

    public string From { get; set; }

    public int DurationMs { get; set; }

    public string ServerReply { get; set; }
}
