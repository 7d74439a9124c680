using Nop.Core;

namespace Nop.Plugin.Misc.Smtp.Domain;

/// <summary>
/// One email the plugin sent, failed to send, redirected or only logged.
/// </summary>
public class SmtpLogEntry : BaseEntity
{
    public DateTime CreatedOnUtc { get; set; }

    public int StatusId { get; set; }

    public SendStatus Status
    {
        get => (SendStatus)StatusId;
        set => StatusId = (int)value;
    }

    public string FromAddress { get; set; }

    public string FromName { get; set; }

    public string ToAddress { get; set; }

    public string ToName { get; set; }

    public string ReplyToAddress { get; set; }

    public string ReplyToName { get; set; }

    /// <summary>
    /// Cc addresses separated by semicolons, as nopCommerce's queue stores them.
    /// </summary>
    public string Cc { get; set; }

    /// <summary>
    /// Bcc addresses separated by semicolons.
    /// </summary>
    public string Bcc { get; set; }

    public int CcCount { get; set; }

    public int BccCount { get; set; }

    public string Subject { get; set; }

    /// <summary>
    /// The body, only when the "store message bodies" setting allows it.
    /// </summary>
    public string Body { get; set; }

    public string AttachmentFilePath { get; set; }

    public string AttachmentFileName { get; set; }

    public int AttachedDownloadId { get; set; }

    /// <summary>
    /// The bytes of the message as transmitted, 0 when nothing was transmitted.
    /// </summary>
    public long SizeBytes { get; set; }

    public int DurationMs { get; set; }

    /// <summary>
    /// host:port of the SMTP server.
    /// </summary>
    public string Server { get; set; }

    /// <summary>
    /// The server's final reply (code and text).
    /// </summary>
    public string ServerReply { get; set; }

    public string QueueId { get; set; }

    /// <summary>
    /// The failure reason (<c>SmtpFailureReason</c>) for failed sends, otherwise null.
    /// </summary>
    public int? FailureReasonId { get; set; }

    public string Error { get; set; }

    /// <summary>
    /// The redacted SMTP transcript, kept for failures and test sends.
    /// </summary>
    public string Transcript { get; set; }

    /// <summary>
    /// Notes such as skipped attachments or headers.
    /// </summary>
    public string Notes { get; set; }

    public int Attempt { get; set; }

    public bool IsTest { get; set; }

    /// <summary>
    /// The id of nopCommerce's queued email this entry is about, when the plugin's queue task sent it.
    /// </summary>
    public int? QueuedEmailId { get; set; }
}
