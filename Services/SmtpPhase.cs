namespace Nop.Plugin.Misc.Smtp.Services;

/// <summary>
/// Where in the SMTP session an operation was when it failed; the failure classifier reads it.
/// </summary>
public enum SmtpPhase
{
    /// <summary>
    /// Resolving the host and opening the TCP connection.
    /// </summary>
    Connect,

    /// <summary>
    /// Greeting, EHLO, TLS handshake and STARTTLS.
    /// </summary>
    Handshake,

    /// <summary>
    /// AUTH.
    /// </summary>
    Authenticate,

    /// <summary>
    /// MAIL FROM, RCPT TO, DATA and the message itself.
    /// </summary>
    Send
}
