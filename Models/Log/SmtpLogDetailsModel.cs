using Nop.Web.Framework.Models;
using Nop.Web.Framework.Mvc.ModelBinding;

namespace Nop.Plugin.Misc.Smtp.Models.Log;

/// <summary>
/// Every field of one send log entry. All text is raw data; the view encodes it and shows an HTML body only in a
/// sandboxed frame.
/// </summary>
public record SmtpLogDetailsModel : BaseNopEntityModel
{
    [NopResourceDisplayName("Plugins.Misc.Smtp.Log.Fields.CreatedOn")]
    public DateTime CreatedOn { get; set; }

    public DateTime CreatedOnUtc { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Smtp.Log.Fields.Status")]
    public string Status { get; set; }

    public int StatusId { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Smtp.Log.Fields.From")]
    public string From { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Smtp.Log.Fields.To")]
    public string To { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Smtp.Log.Fields.ReplyTo")]
    public string ReplyTo { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Smtp.Log.Fields.Cc")]
    public string Cc { get; set; }

    public int CcCount { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Smtp.Log.Fields.Bcc")]
    public string Bcc { get; set; }

    public int BccCount { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Smtp.Log.Fields.Subject")]
    public string Subject { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Smtp.Log.Fields.Attachment")]
    public string Attachment { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Smtp.Log.Fields.SizeBytes")]
    public long SizeBytes { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Smtp.Log.Fields.DurationMs")]
    public int DurationMs { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Smtp.Log.Fields.Server")]
    public string Server { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Smtp.Log.Fields.ServerReply")]
    public string ServerReply { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Smtp.Log.Fields.QueueId")]
    public string QueueId { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Smtp.Log.Fields.FailureReason")]
    public string FailureReason { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Smtp.Log.Fields.Error")]
    public string Error { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Smtp.Log.Fields.Notes")]
    public string Notes { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Smtp.Log.Fields.Attempt")]
    public int Attempt { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Smtp.Log.Fields.IsTest")]
    public bool IsTest { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Smtp.Log.Fields.QueuedEmailId")]
    public int? QueuedEmailId { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Smtp.Log.Fields.Transcript")]
    public string Transcript { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Smtp.Log.Fields.Body")]
    public string Body { get; set; }

    /// <summary>
    /// Whether the body looks like HTML; the view then shows it in a sandboxed frame, otherwise as text.
    /// </summary>
    public bool BodyIsHtml { get; set; }

    /// <summary>
    /// Whether the entry can be resent: its queued email may still exist or its body is stored.
    /// </summary>
    public bool CanResend { get; set; }
}
