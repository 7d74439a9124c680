namespace Nop.Plugin.Misc.Smtp;

public static partial class SmtpResources
{
    /// <summary>
    /// Texts of the configure page and the test send.
    /// </summary>
    private static IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Plugins.Misc.Smtp.Fields.Enabled"] = "Send store email through this plugin",
        ["Plugins.Misc.Smtp.Fields.Enabled.Hint"] = "When on, every email the store sends goes through the SMTP server below. When off, nopCommerce's own email sender runs.",
        ["Plugins.Misc.Smtp.Fields.Host"] = "SMTP host",
        ["Plugins.Misc.Smtp.Fields.Host.Hint"] = "The SMTP server's host name or IP address, without smtp:// or a port.",
        ["Plugins.Misc.Smtp.Fields.Port"] = "Port",
        ["Plugins.Misc.Smtp.Fields.Port.Hint"] = "587 with STARTTLS or 465 with SSL/TLS; 25 is often blocked by hosting providers.",
        ["Plugins.Misc.Smtp.Fields.Security"] = "Security",
        ["Plugins.Misc.Smtp.Fields.Security.Hint"] = "How the connection is encrypted. STARTTLS required never falls back to plaintext.",
        ["Plugins.Misc.Smtp.Fields.Authentication"] = "Authentication",
        ["Plugins.Misc.Smtp.Fields.Authentication.Hint"] = "Auto picks the strongest mechanism the server offers; None is for relays that accept this server without a password.",
        ["Plugins.Misc.Smtp.Fields.Username"] = "Username",
        ["Plugins.Misc.Smtp.Fields.Username.Hint"] = "Usually the full email address of the mailbox; \"apikey\" for SendGrid.",
        ["Plugins.Misc.Smtp.Fields.Password"] = "Password",
        ["Plugins.Misc.Smtp.Fields.Password.Hint"] = "Stored encrypted and never shown again. Leave blank to keep the saved password.",
        ["Plugins.Misc.Smtp.Fields.ClearPassword"] = "Clear the saved password",
        ["Plugins.Misc.Smtp.Fields.ClearPassword.Hint"] = "Removes the saved password when you save.",
        ["Plugins.Misc.Smtp.Fields.TimeoutSeconds"] = "Timeout (seconds)",
        ["Plugins.Misc.Smtp.Fields.TimeoutSeconds.Hint"] = "One deadline for the whole send: connecting, TLS, authentication and transfer. 1 to 600.",
        ["Plugins.Misc.Smtp.Fields.LocalDomain"] = "EHLO name",
        ["Plugins.Misc.Smtp.Fields.LocalDomain.Hint"] = "The name this store announces to the server. Leave blank for the machine name.",
        ["Plugins.Misc.Smtp.Fields.CertificateCheck"] = "Certificate check",
        ["Plugins.Misc.Smtp.Fields.CertificateCheck.Hint"] = "Strict checks the chain and the host name. Pinned accepts one certificate by its SHA-256 thumbprint. Accept any is insecure.",
        ["Plugins.Misc.Smtp.Fields.PinnedThumbprint"] = "Pinned SHA-256 thumbprint",
        ["Plugins.Misc.Smtp.Fields.PinnedThumbprint.Hint"] = "64 hex characters; colons and spaces are ignored.",
        ["Plugins.Misc.Smtp.Saved"] = "The SMTP settings have been saved.",
        ["Plugins.Misc.Smtp.PasswordSaved"] = "A password is saved.",
        ["Plugins.Misc.Smtp.PasswordNotSaved"] = "No password is saved.",
        ["Plugins.Misc.Smtp.GlobalSettingsNote"] = "These settings apply to every store: nopCommerce does not tell an email sender which store an email belongs to.",
        ["Enums.Nop.Plugin.Misc.Smtp.Domain.SmtpSecurity.None"] = "None (insecure: password and mail in clear)",
        ["Enums.Nop.Plugin.Misc.Smtp.Domain.SmtpSecurity.SslOnConnect"] = "SSL/TLS on connect (usually port 465)",
        ["Enums.Nop.Plugin.Misc.Smtp.Domain.SmtpSecurity.StartTlsRequired"] = "STARTTLS, required (usually port 587)",
        ["Enums.Nop.Plugin.Misc.Smtp.Domain.SmtpSecurity.StartTlsWhenAvailable"] = "STARTTLS when available (falls back to plaintext)",
        ["Enums.Nop.Plugin.Misc.Smtp.Domain.SmtpAuthentication.None"] = "None",
        ["Enums.Nop.Plugin.Misc.Smtp.Domain.SmtpAuthentication.Auto"] = "Username and password (auto)",
        ["Enums.Nop.Plugin.Misc.Smtp.Domain.SmtpAuthentication.Login"] = "Username and password (LOGIN)",
        ["Enums.Nop.Plugin.Misc.Smtp.Domain.SmtpAuthentication.Plain"] = "Username and password (PLAIN)",
        ["Enums.Nop.Plugin.Misc.Smtp.Domain.SmtpAuthentication.CramMd5"] = "Username and password (CRAM-MD5)",
        ["Enums.Nop.Plugin.Misc.Smtp.Domain.CertificateCheck.Strict"] = "Strict (recommended)",
        ["Enums.Nop.Plugin.Misc.Smtp.Domain.CertificateCheck.Pinned"] = "Pinned certificate",
        ["Enums.Nop.Plugin.Misc.Smtp.Domain.CertificateCheck.AcceptAny"] = "Accept any (insecure)"
    };
}
