using Nop.Core;
using Nop.Core.Domain.Messages;
using Nop.Plugin.Misc.Smtp.Domain;
using Nop.Plugin.Misc.Smtp.Services;
using Nop.Services.Common;
using Nop.Services.Configuration;
using Nop.Services.Localization;
using Nop.Services.Messages;
using Nop.Services.Plugins;

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

    public SmtpPlugin(EmailAccountSettings emailAccountSettings,
        IEmailAccountService emailAccountService,
        ILocalizationService localizationService,
        ISettingService settingService,
        IWebHelper webHelper,
        PasswordProtector passwordProtector)
    {
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

    public override string GetConfigurationPageUrl()
    {
        return $"{_webHelper.GetStoreLocation()}Admin/Smtp/Configure";
    }

    public override async Task InstallAsync()
    {
        await _settingService.SaveSettingAsync(await CreateDefaultSettingsAsync());
        await _localizationService.AddOrUpdateLocaleResourceAsync(SmtpResources.English.ToDictionary());

        await base.InstallAsync();
    }

    public override async Task UninstallAsync()
    {
        await _settingService.DeleteSettingAsync<SmtpSettings>();
        await _localizationService.DeleteLocaleResourcesAsync(SmtpDefaults.ResourcePrefix);
        await _localizationService.DeleteLocaleResourcesAsync(SmtpDefaults.EnumResourcePrefix);

        await base.UninstallAsync();
    }

    public override async Task UpdateAsync(string currentVersion, string targetVersion)
    {
        // New texts of a newer version; existing ones are overwritten with the shipped English.
        await _localizationService.AddOrUpdateLocaleResourceAsync(SmtpResources.English.ToDictionary());

        await base.UpdateAsync(currentVersion, targetVersion);
    }
}
