namespace Nop.Plugin.Misc.Smtp.Services;

/// <summary>
/// One email as nopCommerce's IEmailSender.SendEmailAsync describes it, with the same meaning for every field.
/// </summary>
public sealed record EmailRequest
{
    public string Subject { get; init; }

    public string Body { get; init; }

    public string FromAddress { get; init; }

    public string FromName { get; init; }

    public string ToAddress { get; init; }

    public string ToName { get; init; }

    public string ReplyToAddress { get; init; }

    public string ReplyToName { get; init; }

    public IReadOnlyList<string> Bcc { get; init; } = [];

    public IReadOnlyList<string> Cc { get; init; } = [];

    public string AttachmentFilePath { get; init; }

    public string AttachmentFileName { get; init; }

    public int AttachedDownloadId { get; init; }

    public IReadOnlyDictionary<string, string> Headers { get; init; }

    /// <summary>
    /// Whether this is a test send from the configure page (marked so in the send log).
    /// </summary>
    public bool IsTest { get; init; }
}
