namespace Nop.Plugin.Misc.Smtp.Services;

/// <summary>
/// What a failed send failed at. The admin pages and the queue task act on it.
/// </summary>
public enum SmtpFailureReason
{
    /// <summary>
    /// The plugin's settings cannot be used (for example a password that can no longer be decrypted).
    /// </summary>
    Configuration = 0,

    /// <summary>
    /// The email itself is malformed (a line break in a subject, an invalid address); no connection was made.
    /// </summary>
    Input = 10,

    /// <summary>
    /// Host not found, connection refused or dropped, or the server refused to greet.
    /// </summary>
    Connect = 20,

    /// <summary>
    /// The TLS handshake or STARTTLS failed, or STARTTLS was required and not offered.
    /// </summary>
    Tls = 30,

    /// <summary>
    /// The server's certificate was not accepted by the configured check.
    /// </summary>
    Certificate = 40,

    /// <summary>
    /// Authentication failed or is not offered.
    /// </summary>
    Auth = 50,

    /// <summary>
    /// The server rejected the sender address (MAIL FROM).
    /// </summary>
    Sender = 60,

    /// <summary>
    /// The server rejected a recipient (RCPT TO).
    /// </summary>
    Recipient = 70,

    /// <summary>
    /// The server rejected the message content (DATA), for example because it is too large.
    /// </summary>
    Message = 80,

    /// <summary>
    /// The send did not finish within the configured timeout.
    /// </summary>
    Timeout = 90,

    /// <summary>
    /// The connection broke after the whole message was sent and before the server answered: the server may or may
    /// not have accepted it. Never retried automatically, so that nobody gets it twice.
    /// </summary>
    OutcomeUnknown = 100
}
