using Nop.Plugin.Misc.Smtp.Models;
using Nop.Plugin.Misc.Smtp.Services;

namespace Nop.Plugin.Misc.Smtp.Factories;

/// <summary>
/// Copies between the stored settings and the configure form, keeping the password write-only.
/// </summary>
public static class ConfigurationModelMapper
{
    public static ConfigurationModel FromSettings(SmtpSettings settings)
    {
        return new ConfigurationModel
        {
            Enabled = settings.Enabled,
            Host = settings.Host,
            Port = settings.Port,
            Security = settings.Security,
            Authentication = settings.Authentication,
            Username = settings.Username,
            HasPassword = !string.IsNullOrEmpty(settings.ProtectedPassword),
            TimeoutSeconds = settings.TimeoutSeconds,
            LocalDomain = settings.LocalDomain,
            CertificateCheck = settings.CertificateCheck,
            PinnedThumbprint = settings.PinnedThumbprint
        };
    }

    /// <summary>
    /// Writes the form into the settings. A blank password keeps the stored one; "clear password" removes it.
    /// </summary>
    public static void ApplyTo(ConfigurationModel model, SmtpSettings settings, PasswordProtector protector)
    {
        settings.Enabled = model.Enabled;
        settings.Host = model.Host?.Trim();
        settings.Port = model.Port;
        settings.Security = model.Security;
        settings.Authentication = model.Authentication;
        settings.Username = model.Username?.Trim();
        settings.TimeoutSeconds = model.TimeoutSeconds;
        settings.LocalDomain = model.LocalDomain?.Trim();
        settings.CertificateCheck = model.CertificateCheck;
        settings.PinnedThumbprint = ServerCertificateValidator.NormalizeThumbprint(model.PinnedThumbprint);

        if (model.ClearPassword)
            settings.ProtectedPassword = string.Empty;
        else if (!string.IsNullOrEmpty(model.Password))
            settings.ProtectedPassword = protector.Protect(model.Password);
    }
}
