using Nop.Core;
using Nop.Services.Localization;
using Nop.Services.Plugins;
using Nop.Services.Security;
using Nop.Web.Framework.Events;
using Nop.Web.Framework.Menu;

namespace Nop.Plugin.Misc.Smtp.Infrastructure;

/// <summary>
/// Adds "SMTP send log" to the admin menu after nopCommerce's "Queued emails" (System), for admins who may manage
/// the plugin.
/// </summary>
public class AdminMenuEventConsumer : BaseAdminMenuCreatedEventConsumer
{
    private readonly ILocalizationService _localizationService;
    private readonly IPermissionService _permissionService;
    private readonly IWebHelper _webHelper;

    public AdminMenuEventConsumer(IPluginManager<IPlugin> pluginManager,
        ILocalizationService localizationService,
        IPermissionService permissionService,
        IWebHelper webHelper)
        : base(pluginManager)
    {
        _localizationService = localizationService;
        _permissionService = permissionService;
        _webHelper = webHelper;
    }

    protected override string PluginSystemName => SmtpDefaults.SystemName;

    protected override MenuItemInsertType InsertType => MenuItemInsertType.TryAfterThanBefore;

    protected override string AfterMenuSystemName => "Queued emails";

    protected override string BeforeMenuSystemName => "Local plugins";

    /// <summary>
    /// The first of the permissions that open the log which the current admin holds, or null.
    /// </summary>
    private async Task<string> GrantedPermissionAsync()
    {
        if (await _permissionService.AuthorizeAsync(SmtpDefaults.ManagePermission))
            return SmtpDefaults.ManagePermission;

        return await _permissionService.AuthorizeAsync(StandardPermission.Configuration.MANAGE_PLUGINS)
            ? StandardPermission.Configuration.MANAGE_PLUGINS
            : null;
    }

    protected override async Task<bool> CheckAccessAsync()
    {
        return await GrantedPermissionAsync() != null;
    }

    protected override async Task<AdminMenuItem> GetAdminMenuItemAsync(IPlugin plugin)
    {
        // nopCommerce shows a menu leaf only when the admin holds all of its permissions, and one without any
        // inherits its parent's; so the item names the one permission this admin has.
        var permission = await GrantedPermissionAsync();
        if (permission == null)
            return null;

        return new AdminMenuItem
        {
            SystemName = SmtpDefaults.LogMenuSystemName,
            Title = await _localizationService.GetResourceAsync("Plugins.Misc.Smtp.Log.MenuTitle"),
            Url = $"{_webHelper.GetStoreLocation()}Admin/SmtpLog/List",
            IconClass = "far fa-dot-circle",
            PermissionNames = [permission],
            Visible = true
        };
    }
}
