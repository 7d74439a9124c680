using Nop.Core.Domain.Customers;
using Nop.Services.Security;

namespace Nop.Plugin.Misc.Smtp.Services;

/// <summary>
/// Declares the plugin's permission, "Manage SMTP plugin", granted to Administrators. nopCommerce finds this class
/// by type and inserts missing permissions at start-up and when the plugin calls InsertPermissionsAsync on install.
/// </summary>
public sealed class SmtpPermissionConfigManager : IPermissionConfigManager
{
    /// <summary>
    /// The permission's name as nopCommerce stores it; the admin sees the localized
    /// Security.Permission.&lt;system name&gt; resource.
    /// </summary>
    public const string PermissionName = "Manage SMTP plugin";

    public IList<PermissionConfig> AllConfigs =>
    [
        new PermissionConfig(PermissionName, SmtpDefaults.ManagePermission, nameof(StandardPermission.Configuration),
            NopCustomerDefaults.AdministratorsRoleName)
    ];
}
