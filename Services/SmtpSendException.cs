using Nop.Core;

namespace Nop.Plugin.Misc.Smtp.Services;

/// <summary>
/// The one exception the plugin's sender throws. nopCommerce's queue catches it, keeps the email and counts a try.
/// The message is plain words plus the server's reply; it never holds a password or an AUTH exchange.
/// </summary>
public sealed class SmtpSendException : NopException
{
    public SmtpSendException(SmtpFailureReason reason, string message, int? replyCode = null, string serverReply = null,
        string mailbox = null, Exception innerException = null)
        : base(message, innerException)
    {
        Reason = reason;
        ReplyCode = replyCode;
        ServerReply = serverReply;
        Mailbox = mailbox;
    }

    /// <summary>
    /// What the send failed at.
    /// </summary>
    public SmtpFailureReason Reason { get; }

    /// <summary>
    /// The server's reply code (for example 550), when the server answered.
    /// </summary>
    public int? ReplyCode { get; }

    /// <summary>
    /// The server's reply text, when the server answered.
    /// </summary>
    public string ServerReply { get; }

    /// <summary>
    /// The address the server rejected, for <see cref="SmtpFailureReason.Sender"/> and <see cref="SmtpFailureReason.Recipient"/>.
    /// </summary>
    public string Mailbox { get; }

    /// <summary>
    /// A permanent failure: retrying the same email will fail the same way (5xx replies, bad input, bad settings,
    /// rejected credentials or certificates).
    /// </summary>
    public bool IsPermanent => ReplyCode is >= 500 and < 600
        || Reason is SmtpFailureReason.Input or SmtpFailureReason.Configuration;

    /// <summary>
    /// The redacted SMTP transcript of the failed attempt, when one was recorded.
    /// </summary>
    public string Transcript { get; init; }

    /// <summary>
    /// The certificate the server presented, when the TLS handshake got that far (so that a rejected certificate can
    /// be shown and pinned).
    /// </summary>
    public ServerCertificateInfo Certificate { get; init; }

    /// <summary>
    /// What the session had shown before it failed (greeting, TLS, AUTH mechanism), when it got that far.
    /// </summary>
    public SmtpSessionInfo Session { get; init; }
}
