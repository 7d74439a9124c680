namespace Nop.Plugin.Misc.Smtp.Domain;

/// <summary>
/// How the connection to the SMTP server is secured. Mapped to MailKit's options in exactly one place,
/// <see cref="Services.SmtpSecurityMapping"/>.
/// </summary>
public enum SmtpSecurity
{
    /// <summary>
    /// No encryption: passwords and messages cross the network in clear. Only for a relay on the same host.
    /// </summary>
    None = 0,

    /// <summary>
    /// TLS from the first byte (usually port 465).
    /// </summary>
    SslOnConnect = 10,

    /// <summary>
    /// Plain connection upgraded with STARTTLS; the send fails if the server does not offer it (usually port 587).
    /// </summary>
    StartTlsRequired = 20,

    /// <summary>
    /// STARTTLS when the server offers it, otherwise plaintext. nopCommerce's own behaviour for non-SSL accounts.
    /// </summary>
    StartTlsWhenAvailable = 30
}
