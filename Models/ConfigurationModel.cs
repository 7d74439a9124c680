using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc.Rendering;
using Nop.Plugin.Misc.Smtp.Domain;
using Nop.Plugin.Misc.Smtp.Services;
using Nop.Web.Framework.Models;
using Nop.Web.Framework.Mvc.ModelBinding;

namespace Nop.Plugin.Misc.Smtp.Models;

/// <summary>
/// The configure form. The password is write-only: the view never receives the stored one, and
/// <see cref="Password"/> is always empty in a model sent to the view.
/// </summary>
public record ConfigurationModel : BaseNopModel
{
    [NopResourceDisplayName("Plugins.Misc.Smtp.Fields.Enabled")]
    public bool Enabled { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Smtp.Fields.ProviderPreset")]
    public string ProviderPreset { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Smtp.Fields.Host")]
    public string Host { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Smtp.Fields.Port")]
    public int Port { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Smtp.Fields.Security")]
    public SmtpSecurity Security { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Smtp.Fields.Authentication")]
    public SmtpAuthentication Authentication { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Smtp.Fields.Username")]
    public string Username { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Smtp.Fields.Password")]
    [DataType(DataType.Password)]
    public string Password { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Smtp.Fields.ClearPassword")]
    public bool ClearPassword { get; set; }

    /// <summary>
    /// Whether a password is stored (shown as a note; the password itself never is).
    /// </summary>
    public bool HasPassword { get; set; }

    /// <summary>
    /// The email account whose password the import button picked: the password is read on the server when the form
    /// is saved or tested with the password field blank, so that it never reaches the browser. 0 for none.
    /// </summary>
    public int PasswordFromEmailAccountId { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Smtp.Fields.TimeoutSeconds")]
    public int TimeoutSeconds { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Smtp.Fields.MaxConnections")]
    public int MaxConnections { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Smtp.Fields.MaxParallelSends")]
    public int MaxParallelSends { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Smtp.Fields.IdleTimeoutSeconds")]
    public int IdleTimeoutSeconds { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Smtp.Fields.LocalDomain")]
    public string LocalDomain { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Smtp.Fields.CertificateCheck")]
    public CertificateCheck CertificateCheck { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Smtp.Fields.PinnedThumbprint")]
    public string PinnedThumbprint { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Smtp.Fields.ForceFromAddress")]
    public string ForceFromAddress { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Smtp.Fields.ForceFromName")]
    public string ForceFromName { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Smtp.Fields.DefaultReplyToAddress")]
    public string DefaultReplyToAddress { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Smtp.Fields.ArchiveBccAddress")]
    public string ArchiveBccAddress { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Smtp.Fields.DeveloperMode")]
    public DeveloperMode DeveloperMode { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Smtp.Fields.RedirectToAddress")]
    public string RedirectToAddress { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Smtp.Fields.LogRetentionDays")]
    public int LogRetentionDays { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Smtp.Fields.LogMessageBodies")]
    public bool LogMessageBodies { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Smtp.Fields.ImportEmailAccountId")]
    public int ImportEmailAccountId { get; set; }

    public IList<SelectListItem> AvailableEmailAccounts { get; set; } = new List<SelectListItem>();

    public IList<SelectListItem> AvailablePresets { get; set; } = new List<SelectListItem>();

    /// <summary>
    /// The preset table, for the provider notes and for filling the fields in the browser.
    /// </summary>
    public IReadOnlyList<SmtpProviderPreset> Presets { get; set; } = [];

    /// <summary>
    /// Localized warnings about what stops mail leaving even with right settings (plugin off, send task off, ...).
    /// </summary>
    public IList<string> Warnings { get; set; } = new List<string>();

    /// <summary>
    /// Why the stored settings cannot be used, in plain words, or null.
    /// </summary>
    public string SettingsProblem { get; set; }

    /// <summary>
    /// A localized warning about a port and security pair that is almost always wrong, or null.
    /// </summary>
    public string PortSecurityWarning { get; set; }

    public TestSendModel TestSend { get; set; } = new();
}
