using System.ComponentModel.DataAnnotations;
using Nop.Plugin.Misc.Smtp.Domain;
using Nop.Web.Framework.Models;
using Nop.Web.Framework.Mvc.ModelBinding;

namespace Nop.Plugin.Misc.Smtp.Models;

/// <summary>
/// The configure form. The password is write-only: the view never receives the stored one.
/// </summary>
public record ConfigurationModel : BaseNopModel
{
    [NopResourceDisplayName("Plugins.Misc.Smtp.Fields.Enabled")]
    public bool Enabled { get; set; }

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

    [NopResourceDisplayName("Plugins.Misc.Smtp.Fields.TimeoutSeconds")]
    public int TimeoutSeconds { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Smtp.Fields.LocalDomain")]
    public string LocalDomain { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Smtp.Fields.CertificateCheck")]
    public CertificateCheck CertificateCheck { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Smtp.Fields.PinnedThumbprint")]
    public string PinnedThumbprint { get; set; }
}
