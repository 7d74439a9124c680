using Nop.Core;
using Nop.Core.Domain.Messages;
using Nop.Core.Domain.ScheduleTasks;
using Nop.Plugin.Misc.Smtp.Domain;
using Nop.Plugin.Misc.Smtp.Services;
using Nop.Services.Common;
using Nop.Services.Configuration;
using Nop.Services.Localization;
using Nop.Services.Messages;
using Nop.Services.Plugins;
using Nop.Services.ScheduleTasks;
using Nop.Services.Security;

namespace Nop.Plugin.Misc.Smtp;

/// <summary>
/// The SMTP plugin: installs its settings and texts, and points nopCommerce at its configure page.
/// </summary>
public class SmtpPlugin : BasePlugin, IMiscPlugin
{
    private readonly EmailAccountSettings _emailAccountSettings;
    private readonly IEmailAccountService _emailAccountService;
    private readonly ILocalizationService _localizationService;
    private readonly ISettingService _settingService;
    private readonly IWebHelper _webHelper;
    private readonly PasswordProtector _passwordProtector;
    private readonly IPermissionService _permissionService;
    private readonly IScheduleTaskService _scheduleTaskService;

    public SmtpPlugin(EmailAccountSettings emailAccountSettings,
        IEmailAccountService emailAccountService,
        ILocalizationService localizationService,
        ISettingService settingService,
        IWebHelper webHelper,
        PasswordProtector passwordProtector,
        IPermissionService permissionService,
        IScheduleTaskService scheduleTaskService)
    {
        _permissionService = permissionService;
        _scheduleTaskService = scheduleTaskService;
        _emailAccountSettings = emailAccountSettings;
        _emailAccountService = emailAccountService;
        _localizationService = localizationService;
        _settingService = settingService;
        _webHelper = webHelper;
        _passwordProtector = passwordProtector;
    }

    /// <summary>
    /// The settings a fresh install starts from: the store's default email account, so that a store that already
    /// sends mail keeps its server, port and credentials and the admin only reviews them. The plugin starts disabled.
    /// </summary>
    public async Task<SmtpSettings> CreateDefaultSettingsAsync()
    {
        var settings = new SmtpSettings();
        var account = await _emailAccountService.GetEmailAccountByIdAsync(_emailAccountSettings.DefaultEmailAccountId);
        if (account == null || string.IsNullOrWhiteSpace(account.Host))
            return settings;

        settings.Host = account.Host.Trim();
        settings.Port = account.Port is > 0 and <= 65535 ? account.Port : settings.Port;
        settings.Security = SmtpSecurityMapping.FromNopEnableSsl(account.EnableSsl);
        settings.Username = account.Username;
        settings.ProtectedPassword = _passwordProtector.Protect(account.Password);
        settings.Authentication = account.EmailAuthenticationMethod == EmailAuthenticationMethod.None
            || string.IsNullOrEmpty(account.Username)
                ? SmtpAuthentication.None
                : SmtpAuthentication.Auto;

        return settings;
    }

    /// <summary>
    /// Inserts the daily send log cleanup unless a task of its type exists (a reinstall keeps the admin's schedule).
    /// </summary>
    private async Task InstallLogRetentionTaskAsync()
    {
        if (await _scheduleTaskService.GetTaskByTypeAsync(SmtpDefaults.LogRetentionTaskType) != null)
            return;

        await _scheduleTaskService.InsertTaskAsync(new ScheduleTask
        {
            Name = SmtpDefaults.LogRetentionTaskName,
            Type = SmtpDefaults.LogRetentionTaskType,
            Seconds = SmtpDefaults.LogRetentionTaskPeriodSeconds,
            Enabled = true,
            LastEnabledUtc = DateTime.UtcNow,
            StopOnError = false
        });
    }

    /// <summary>
    /// Inserts the plugin's permission (declared by <see cref="SmtpPermissionConfigManager"/>) with its grant to
    /// Administrators; its display name is among the plugin's resources. nopCommerce inserts only missing
    /// permissions, so this is idempotent.
    /// </summary>
    private async Task InstallPermissionAsync()
    {
        await _permissionService.InsertPermissionsAsync();
    }

    public override string GetConfigurationPageUrl()
    {
        return $"{_webHelper.GetStoreLocation()}Admin/Smtp/Configure";
    }

    public override async Task InstallAsync()
    {
        await _settingService.SaveSettingAsync(await CreateDefaultSettingsAsync());
        await _localizationService.AddOrUpdateLocaleResourceAsync(SmtpResources.English.ToDictionary());
        await InstallLogRetentionTaskAsync();
        await InstallPermissionAsync();

        await base.InstallAsync();
    }

    public override async Task UninstallAsync()
    {
        await _settingService.DeleteSettingAsync<SmtpSettings>();
        await _localizationService.DeleteLocaleResourcesAsync(SmtpDefaults.ResourcePrefix);
        await _localizationService.DeleteLocaleResourcesAsync(SmtpDefaults.EnumResourcePrefix);

        var task = await _scheduleTaskService.GetTaskByTypeAsync(SmtpDefaults.LogRetentionTaskType);
        if (task != null)
            await _scheduleTaskService.DeleteTaskAsync(task);

        // Also removes the role mappings; the name is removed here too in case the permission was already gone.
        await _permissionService.DeletePermissionAsync(SmtpDefaults.ManagePermission);
        await _localizationService.DeleteLocaleResourcesAsync($"Security.Permission.{SmtpDefaults.ManagePermission}");

        await base.UninstallAsync();
    }

    public override async Task UpdateAsync(string currentVersion, string targetVersion)
    {
        // New texts of a newer version; existing ones are overwritten with the shipped English.
        await _localizationService.AddOrUpdateLocaleResourceAsync(SmtpResources.English.ToDictionary());
        await InstallLogRetentionTaskAsync();
        await InstallPermissionAsync();

        await base.UpdateAsync(currentVersion, targetVersion);
    }
}
