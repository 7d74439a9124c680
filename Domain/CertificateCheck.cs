namespace Nop.Plugin.Misc.Smtp.Domain;

/// <summary>
/// How the SMTP server's TLS certificate is checked.
/// </summary>
public enum CertificateCheck
{
    /// <summary>
    /// The chain must be trusted and the name must match the host. The default.
    /// </summary>
    Strict = 0,

    /// <summary>
    /// Accept exactly one certificate, by its SHA-256 thumbprint, whatever its chain (internal relays with
    /// self-signed certificates). Anything else is rejected.
    /// </summary>
    Pinned = 10,

    /// <summary>
    /// Accept any certificate. Encrypts but does not authenticate the server: a man in the middle can read the mail
    /// and the password. Every acceptance is logged.
    /// </summary>
    AcceptAny = 20
}
