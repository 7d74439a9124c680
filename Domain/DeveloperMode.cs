namespace Nop.Plugin.Misc.Smtp.Domain;

/// <summary>
/// A safety switch for staging and development stores.
/// </summary>
public enum DeveloperMode
{
    /// <summary>
    /// Emails go to their real recipients.
    /// </summary>
    Off = 0,

    /// <summary>
    /// Every email goes to one address instead; the original recipients are noted in a header.
    /// </summary>
    Redirect = 10,

    /// <summary>
    /// Nothing leaves: each email is only written to the send log.
    /// </summary>
    LogOnly = 20
}
