using Nop.Plugin.Misc.Smtp.Services;

namespace Nop.Plugin.Misc.Smtp.Validators;

/// <summary>
/// What an address field of the settings page accepts: exactly one bare mailbox.
/// </summary>
public static class MailboxRule
{
    /// <summary>
    /// Whether a value is one valid address without display name. Whitespace inside is refused even where RFC 5322
    /// would fold it away ("shop @example.com"): in a settings field it is a typo, not an intended address.
    /// </summary>
    public static bool IsMailbox(string value)
    {
        return EmailInputGuard.IsValidAddress(value) && !value.Trim().Any(char.IsWhiteSpace);
    }
}
