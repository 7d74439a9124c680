using System.Reflection;
using MailKit.Net.Smtp;
using MimeKit;

namespace Nop.Plugin.Misc.Smtp.Services;

/// <summary>
/// Which MailKit and MimeKit the store actually loaded (the store's versions, not the plugin's), and whether they
/// have the fixes for the SMTP injection bugs.
/// </summary>
public static class MailLibraryVersions
{
    /// <summary>
    /// The loaded MimeKit's version.
    /// </summary>
    public static Version MimeKit => GetVersion(typeof(MimeMessage).Assembly);

    /// <summary>
    /// The loaded MailKit's version.
    /// </summary>
    public static Version MailKit => GetVersion(typeof(SmtpClient).Assembly);

    /// <summary>
    /// Whether a loaded version is older than the one with the fix. An unknown version counts as old.
    /// </summary>
    public static bool IsOlderThan(Version loaded, Version fixedVersion)
    {
        return loaded == null || Normalize(loaded) < Normalize(fixedVersion);
    }

    /// <summary>
    /// The release version of a library assembly. MailKit and MimeKit keep the assembly version at major.minor.0.0
    /// across patch releases, so the file version (which carries the patch) is read first.
    /// </summary>
    public static Version GetVersion(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);

        var fileVersion = assembly.GetCustomAttribute<AssemblyFileVersionAttribute>()?.Version;
        if (Version.TryParse(fileVersion, out var parsed))
            return parsed;

        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        var plain = informational?.Split('+', '-')[0];
        if (Version.TryParse(plain, out parsed))
            return parsed;

        return assembly.GetName().Version;
    }

    private static Version Normalize(Version version)
    {
        return new Version(version.Major, version.Minor, Math.Max(0, version.Build));
    }
}
