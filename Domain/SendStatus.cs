namespace Nop.Plugin.Misc.Smtp.Domain;

/// <summary>
/// What became of an email, as the send log records it.
/// </summary>
public enum SendStatus
{
    /// <summary>
    /// The server accepted the email.
    /// </summary>
    Sent = 10,

    /// <summary>
    /// The email was not sent; the sender threw, so nopCommerce keeps it queued and tries again.
    /// </summary>
    Failed = 20,

    /// <summary>
    /// Developer mode sent the email to the redirect address instead of its recipients.
    /// </summary>
    Redirected = 30,

    /// <summary>
    /// Developer mode wrote the email to the log and sent nothing.
    /// </summary>
    LoggedOnly = 40,

    /// <summary>
    /// The connection broke after the whole email was sent and before the server confirmed it: it may or may not have
    /// been delivered. Not retried automatically; an admin can resend it from the log.
    /// </summary>
    Unknown = 50
}
