using Nop.Core.Configuration;
using Nop.Plugin.Misc.Smtp.Domain;

namespace Nop.Plugin.Misc.Smtp;

/// <summary>
/// The plugin's settings. They are global: nopCommerce's IEmailSender carries no store, so one SMTP configuration
/// serves every store.
/// </summary>
public class SmtpSettings : ISettings
{
    /// <summary>
    /// Whether the store's email goes through this plugin. When false, or when <see cref="Host"/> is empty,
    /// nopCommerce's own sender runs unchanged. Default: false until the admin reviews the settings.
    /// </summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// The provider preset the admin picked last (a key of <c>SmtpProviderPresets</c>); informational only.
    /// </summary>
    public string ProviderPreset { get; set; }

    /// <summary>
    /// The SMTP server's host name or IP literal, without scheme or port.
    /// </summary>
    public string Host { get; set; }

    /// <summary>
    /// The TCP port: 587 for STARTTLS, 465 for SSL/TLS on connect, 25 for relays. Default 587.
    /// </summary>
    public int Port { get; set; } = 587;

    /// <summary>
    /// How the connection is secured. Default: STARTTLS required, which never falls back to plaintext.
    /// </summary>
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTlsRequired;

    /// <summary>
    /// Whether and how to authenticate. Default: Auto (username and password, strongest mechanism offered).
    /// </summary>
    public SmtpAuthentication Authentication { get; set; } = SmtpAuthentication.Auto;

    /// <summary>
    /// The SMTP username.
    /// </summary>
    public string Username { get; set; }

    /// <summary>
    /// The SMTP password, encrypted with ASP.NET Core Data Protection (authenticated encryption). Never the
    /// plaintext; never rendered back to a page.
    /// </summary>
    public string ProtectedPassword { get; set; }

    /// <summary>
    /// One deadline, in seconds, for the whole send: connect, TLS, AUTH and transfer together. 1-600, default 30.
    /// </summary>
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// The name announced in EHLO. Empty means the machine's name. Some relays reject "localhost".
    /// </summary>
    public string LocalDomain { get; set; }

    /// <summary>
    /// How the server's certificate is checked. Default Strict; Accept any gives up server authentication.
    /// </summary>
    public CertificateCheck CertificateCheck { get; set; } = CertificateCheck.Strict;

    /// <summary>
    /// The SHA-256 thumbprint (64 hex characters) accepted when <see cref="CertificateCheck"/> is Pinned.
    /// </summary>
    public string PinnedThumbprint { get; set; }

    /// <summary>
    /// When not empty, every email is sent from this address, whatever the email account says.
    /// Useful when the provider accepts only one verified sender.
    /// </summary>
    public string ForceFromAddress { get; set; }

    /// <summary>
    /// The display name used with <see cref="ForceFromAddress"/>. Empty keeps the email's own name.
    /// </summary>
    public string ForceFromName { get; set; }

    /// <summary>
    /// A Reply-To address for emails that have none. Empty adds nothing.
    /// </summary>
    public string DefaultReplyToAddress { get; set; }

    /// <summary>
    /// When not empty, a blind copy of every email goes to this archive address (envelope only, never a header).
    /// </summary>
    public string ArchiveBccAddress { get; set; }

    /// <summary>
    /// Off in production. Redirect sends every email to <see cref="RedirectToAddress"/>; Log only sends nothing.
    /// </summary>
    public DeveloperMode DeveloperMode { get; set; } = DeveloperMode.Off;

    /// <summary>
    /// The single recipient of every email while <see cref="DeveloperMode"/> is Redirect.
    /// </summary>
    public string RedirectToAddress { get; set; }

    /// <summary>
    /// Send log entries older than this many days are deleted daily. 0 keeps them forever. Default 30.
    /// </summary>
    public int LogRetentionDays { get; set; } = 30;

    /// <summary>
    /// Whether the send log keeps message bodies. Off by default: bodies hold customers' personal data
    /// (addresses, orders, password-reset links).
    /// </summary>
    public bool LogMessageBodies { get; set; }

    /// <summary>
    /// The most SMTP connections open at once. Default 2; many providers limit concurrent sessions.
    /// </summary>
    public int MaxConnections { get; set; } = 2;

    /// <summary>
    /// Seconds an unused connection stays open before it is closed with QUIT. Default 30.
    /// </summary>
    public int IdleTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// How many queued emails the plugin's queue task sends at once. Default 2, to match the pool.
    /// </summary>
    public int MaxParallelSends { get; set; } = 2;
}
