using MimeKit;

namespace Nop.Plugin.Misc.Smtp.Services;

/// <summary>
/// Rejects what must never reach MimeKit or the SMTP session: control characters (CR and LF above all) in addresses,
/// names, the subject and headers, and addresses that are not a single valid mailbox. The MailKit and MimeKit the
/// store loads have had injection bugs; this check does not depend on their version.
/// </summary>
public static class EmailInputGuard
{
    /// <summary>
    /// RFC 5321 limits a forward path to 256 octets including the angle brackets, so 254 for the address.
    /// </summary>
    public const int MaxAddressLength = 254;

    private static readonly ParserOptions _strictParser = new()
    {
        AddressParserComplianceMode = RfcComplianceMode.Strict,
        AllowAddressesWithoutDomain = false,
        AllowUnquotedCommasInAddresses = false
    };

    /// <summary>
    /// Whether a text holds a control character other than tab (C0, DEL, C1, and the Unicode line separators).
    /// </summary>
    public static bool HasControlCharacter(string text)
    {
        if (string.IsNullOrEmpty(text))
            return false;

        foreach (var c in text)
        {
            if ((char.IsControl(c) && c != '\t') || c is '\u2028' or '\u2029')
                return true;
        }

        return false;
    }

    /// <summary>
    /// Throws an Input failure naming the field when the text holds a control character.
    /// </summary>
    public static void EnsureSingleLine(string text, string field)
    {
        if (HasControlCharacter(text))
            throw new SmtpSendException(SmtpFailureReason.Input,
                $"The {field} contains a line break or another control character, which could inject SMTP headers or commands. The email was not sent.");
    }

    /// <summary>
    /// Parses one mailbox address (no display name, no group), or throws an Input failure naming the field.
    /// </summary>
    public static MailboxAddress ParseMailbox(string address, string name, string field)
    {
        var trimmed = address?.Trim();
        if (string.IsNullOrEmpty(trimmed))
            throw new SmtpSendException(SmtpFailureReason.Input, $"The {field} address is empty. The email was not sent.");

        EnsureSingleLine(trimmed, $"{field} address");
        EnsureSingleLine(name, $"{field} name");

        if (trimmed.Length > MaxAddressLength)
            throw new SmtpSendException(SmtpFailureReason.Input,
                $"The {field} address is longer than {MaxAddressLength} characters. The email was not sent.");

        if (!TryParseAddressOnly(trimmed, out var mailbox))
            throw new SmtpSendException(SmtpFailureReason.Input,
                $"The {field} address \"{trimmed}\" is not a valid email address. The email was not sent.");

        return new MailboxAddress(name ?? string.Empty, mailbox.Address);
    }

    /// <summary>
    /// Whether a text is exactly one bare email address (local@domain), as admins type it into a settings field.
    /// </summary>
    public static bool IsValidAddress(string address)
    {
        return !string.IsNullOrWhiteSpace(address)
            && address.Length <= MaxAddressLength
            && !HasControlCharacter(address)
            && TryParseAddressOnly(address.Trim(), out _);
    }

    private static bool TryParseAddressOnly(string text, out MailboxAddress mailbox)
    {
        mailbox = null;
        if (!MailboxAddress.TryParse(_strictParser, text, out var parsed)
            || !string.IsNullOrEmpty(parsed.Name)
            || parsed.Route.Count > 0
            || string.IsNullOrEmpty(parsed.LocalPart)
            || string.IsNullOrEmpty(parsed.Domain)
            || (!parsed.Domain.Contains('.') && !parsed.Domain.StartsWith('[')))
        {
            return false;
        }

        mailbox = parsed;
        return true;
    }

    /// <summary>
    /// Whether a header field name is valid per RFC 5322: printable US-ASCII except the colon, not empty.
    /// </summary>
    public static bool IsValidHeaderName(string name)
    {
        return !string.IsNullOrEmpty(name) && name.All(c => c is > ' ' and < '\u007f' and not ':');
    }
}
