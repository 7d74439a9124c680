using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Nop.Plugin.Misc.Smtp.Domain;

namespace Nop.Plugin.Misc.Smtp.Services;

/// <summary>
/// The rules a usable configuration follows, shared by the configure form's validator and the sender's check of
/// stored settings (which may have been edited by hand in the database).
/// </summary>
public static partial class SmtpSettingsRules
{
    public const int MinTimeoutSeconds = 1;
    public const int MaxTimeoutSeconds = 600;
    public const int MaxRetentionDays = 3650;
    public const int MaxConnectionsLimit = 20;
    public const int MaxIdleTimeoutSeconds = 3600;

    /// <summary>
    /// Whether a text is a host name (IDN allowed) or an IP literal, with no scheme, port, path or spaces.
    /// </summary>
    public static bool IsValidHost(string host)
    {
        if (string.IsNullOrWhiteSpace(host) || host.Length > 253 || host.Any(char.IsWhiteSpace) || EmailInputGuard.HasControlCharacter(host))
            return false;

        var literal = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        if (IPAddress.TryParse(literal, out var address))
            return literal == host || address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;

        string ascii;
        try
        {
            ascii = new IdnMapping().GetAscii(host.TrimEnd('.'));
        }
        catch (ArgumentException)
        {
            return false;
        }

        return HostNamePattern().IsMatch(ascii);
    }

    /// <summary>
    /// Whether a thumbprint, after removing separators, is 64 hex characters (SHA-256).
    /// </summary>
    public static bool IsValidThumbprint(string thumbprint)
    {
        return ServerCertificateValidator.NormalizeThumbprint(thumbprint).Length == 64
            && thumbprint.All(c => Uri.IsHexDigit(c) || c is ':' or ' ' or '-');
    }

    /// <summary>
    /// The first problem that makes settings unusable for sending, in plain words, or null.
    /// </summary>
    public static string Describe(SmtpSettings settings)
    {
        if (settings == null)
            return "The SMTP plugin has no settings.";
        if (!IsValidHost(settings.Host))
            return $"The SMTP host \"{settings.Host}\" is not a host name or IP address.";
        if (settings.Port is < 1 or > 65535)
            return $"The SMTP port {settings.Port} is not between 1 and 65535.";
        if (!Enum.IsDefined(settings.Security))
            return $"The SMTP security setting ({(int)settings.Security}) is not one the plugin knows.";
        if (!Enum.IsDefined(settings.Authentication))
            return $"The SMTP authentication setting ({(int)settings.Authentication}) is not one the plugin knows.";
        if (settings.Authentication != SmtpAuthentication.None && string.IsNullOrWhiteSpace(settings.Username))
            return "SMTP authentication is on but the username is empty.";
        if (!Enum.IsDefined(settings.CertificateCheck))
            return $"The certificate check setting ({(int)settings.CertificateCheck}) is not one the plugin knows.";
        if (settings.CertificateCheck == CertificateCheck.Pinned && !IsValidThumbprint(settings.PinnedThumbprint))
            return "The certificate check is Pinned but the thumbprint is not 64 hex characters (SHA-256).";
        if (settings.TimeoutSeconds is < MinTimeoutSeconds or > MaxTimeoutSeconds)
            return $"The SMTP timeout {settings.TimeoutSeconds} s is not between {MinTimeoutSeconds} and {MaxTimeoutSeconds}.";
        if (!Enum.IsDefined(settings.DeveloperMode))
            return $"The developer mode setting ({(int)settings.DeveloperMode}) is not one the plugin knows.";
        if (settings.DeveloperMode == DeveloperMode.Redirect && !EmailInputGuard.IsValidAddress(settings.RedirectToAddress))
            return "Developer mode redirects email but the redirect address is not a valid email address.";

        return null;
    }

    [GeneratedRegex(@"^(?=.{1,253}$)(?!-)[A-Za-z0-9-]{1,63}(?<!-)(\.(?!-)[A-Za-z0-9-]{1,63}(?<!-))*$")]
    private static partial Regex HostNamePattern();
}
