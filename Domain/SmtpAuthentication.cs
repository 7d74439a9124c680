namespace Nop.Plugin.Misc.Smtp.Domain;

/// <summary>
/// Whether and how the plugin authenticates to the SMTP server.
/// </summary>
public enum SmtpAuthentication
{
    /// <summary>
    /// No AUTH: the server relays for this host without credentials.
    /// </summary>
    None = 0,

    /// <summary>
    /// Username and password, with the strongest mechanism the server advertises.
    /// </summary>
    Auto = 10,

    /// <summary>
    /// Username and password with AUTH LOGIN only (what nopCommerce itself always uses).
    /// </summary>
    Login = 20,

    /// <summary>
    /// Username and password with AUTH PLAIN only.
    /// </summary>
    Plain = 30,

    /// <summary>
    /// Username and password with AUTH CRAM-MD5 only (the password never crosses the wire).
    /// </summary>
    CramMd5 = 40
}
