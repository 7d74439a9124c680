using Nop.Plugin.Misc.Smtp.Domain;

namespace Nop.Plugin.Misc.Smtp.Services;

/// <summary>
/// One provider the configure page can fill the server fields for. The texts are locale resource keys.
/// </summary>
/// <param name="Key">Stored in <see cref="SmtpSettings.ProviderPreset"/>; never change a shipped key.</param>
/// <param name="NameResourceKey">The provider's name in the preset list.</param>
/// <param name="Host">The SMTP host, or null for Custom.</param>
/// <param name="Port">The port, or 0 for Custom.</param>
/// <param name="Security">The security that goes with the port.</param>
/// <param name="Username">A fixed username the provider expects (SendGrid's "apikey"), or null.</param>
/// <param name="NoteResourceKey">What admins get wrong with this provider, shown when it is picked.</param>
public sealed record SmtpProviderPreset(string Key, string NameResourceKey, string Host, int Port, SmtpSecurity Security,
    string Username, string NoteResourceKey);

/// <summary>
/// The provider presets: one table, to extend by adding a row and its two texts in SmtpResources.Settings.cs.
/// Picking a preset only fills the form; every field stays editable.
/// </summary>
public static class SmtpProviderPresets
{
    public const string CustomKey = "Custom";

    /// <summary>
    /// All presets, in the order of the list on the page; Custom first.
    /// </summary>
    public static IReadOnlyList<SmtpProviderPreset> All { get; } =
    [
        new(CustomKey, "Plugins.Misc.Smtp.Presets.Custom", null, 0, SmtpSecurity.StartTlsRequired, null,
            "Plugins.Misc.Smtp.Presets.Custom.Note"),
        new("Gmail", "Plugins.Misc.Smtp.Presets.Gmail", "smtp.gmail.com", 587, SmtpSecurity.StartTlsRequired, null,
            "Plugins.Misc.Smtp.Presets.Gmail.Note"),
        new("Microsoft365", "Plugins.Misc.Smtp.Presets.Microsoft365", "smtp.office365.com", 587, SmtpSecurity.StartTlsRequired, null,
            "Plugins.Misc.Smtp.Presets.Microsoft365.Note"),
        new("SendGrid", "Plugins.Misc.Smtp.Presets.SendGrid", "smtp.sendgrid.net", 587, SmtpSecurity.StartTlsRequired, "apikey",
            "Plugins.Misc.Smtp.Presets.SendGrid.Note"),
        new("MailgunUs", "Plugins.Misc.Smtp.Presets.MailgunUs", "smtp.mailgun.org", 587, SmtpSecurity.StartTlsRequired, null,
            "Plugins.Misc.Smtp.Presets.Mailgun.Note"),
        new("MailgunEu", "Plugins.Misc.Smtp.Presets.MailgunEu", "smtp.eu.mailgun.org", 587, SmtpSecurity.StartTlsRequired, null,
            "Plugins.Misc.Smtp.Presets.Mailgun.Note"),
        new("AmazonSes", "Plugins.Misc.Smtp.Presets.AmazonSes", "email-smtp.us-east-1.amazonaws.com", 587, SmtpSecurity.StartTlsRequired, null,
            "Plugins.Misc.Smtp.Presets.AmazonSes.Note"),
        new("Brevo", "Plugins.Misc.Smtp.Presets.Brevo", "smtp-relay.brevo.com", 587, SmtpSecurity.StartTlsRequired, null,
            "Plugins.Misc.Smtp.Presets.Brevo.Note"),
        new("Postmark", "Plugins.Misc.Smtp.Presets.Postmark", "smtp.postmarkapp.com", 587, SmtpSecurity.StartTlsRequired, null,
            "Plugins.Misc.Smtp.Presets.Postmark.Note"),
        new("Mailjet", "Plugins.Misc.Smtp.Presets.Mailjet", "in-v3.mailjet.com", 587, SmtpSecurity.StartTlsRequired, null,
            "Plugins.Misc.Smtp.Presets.Mailjet.Note"),
        new("Zoho", "Plugins.Misc.Smtp.Presets.Zoho", "smtp.zoho.com", 465, SmtpSecurity.SslOnConnect, null,
            "Plugins.Misc.Smtp.Presets.Zoho.Note"),
        new("Yahoo", "Plugins.Misc.Smtp.Presets.Yahoo", "smtp.mail.yahoo.com", 465, SmtpSecurity.SslOnConnect, null,
            "Plugins.Misc.Smtp.Presets.Yahoo.Note"),
        new("ICloud", "Plugins.Misc.Smtp.Presets.ICloud", "smtp.mail.me.com", 587, SmtpSecurity.StartTlsRequired, null,
            "Plugins.Misc.Smtp.Presets.ICloud.Note"),
        new("Fastmail", "Plugins.Misc.Smtp.Presets.Fastmail", "smtp.fastmail.com", 465, SmtpSecurity.SslOnConnect, null,
            "Plugins.Misc.Smtp.Presets.Fastmail.Note")
    ];

    /// <summary>
    /// The preset with this key, or null (unknown keys, for example from an older version, mean Custom).
    /// </summary>
    public static SmtpProviderPreset Find(string key)
    {
        return string.IsNullOrEmpty(key)
            ? null
            : All.FirstOrDefault(preset => string.Equals(preset.Key, key, StringComparison.OrdinalIgnoreCase));
    }
}
