using Microsoft.AspNetCore.Mvc;
using Nop.Plugin.Misc.Smtp.Factories;
using Nop.Plugin.Misc.Smtp.Models;
using Nop.Plugin.Misc.Smtp.Services;
using Nop.Services.Configuration;
using Nop.Services.Localization;
using Nop.Services.Messages;
using Nop.Services.Security;
using Nop.Web.Framework;
using Nop.Web.Framework.Controllers;
using Nop.Web.Framework.Mvc.Filters;

namespace Nop.Plugin.Misc.Smtp.Controllers;

[Area(AreaNames.ADMIN)]
[AuthorizeAdmin]
[AutoValidateAntiforgeryToken]
public class SmtpController : BasePluginController
{
    private readonly ILocalizationService _localizationService;
    private readonly INotificationService _notificationService;
    private readonly ISettingService _settingService;
    private readonly PasswordProtector _passwordProtector;
    private readonly SmtpSettings _smtpSettings;

    public SmtpController(ILocalizationService localizationService,
        INotificationService notificationService,
        ISettingService settingService,
        PasswordProtector passwordProtector,
        SmtpSettings smtpSettings)
    {
        _localizationService = localizationService;
        _notificationService = notificationService;
        _settingService = settingService;
        _passwordProtector = passwordProtector;
        _smtpSettings = smtpSettings;
    }

    [CheckPermission(StandardPermission.Configuration.MANAGE_PLUGINS)]
    public IActionResult Configure()
    {
        return View(SmtpDefaults.ConfigureView, ConfigurationModelMapper.FromSettings(_smtpSettings));
    }

    [HttpPost]
    [CheckPermission(StandardPermission.Configuration.MANAGE_PLUGINS)]
    public async Task<IActionResult> Configure(ConfigurationModel model)
    {
        if (!ModelState.IsValid)
        {
            model.Password = null;
            model.HasPassword = !string.IsNullOrEmpty(_smtpSettings.ProtectedPassword);
            return View(SmtpDefaults.ConfigureView, model);
        }

        ConfigurationModelMapper.ApplyTo(model, _smtpSettings, _passwordProtector);
        await _settingService.SaveSettingAsync(_smtpSettings);
        _notificationService.SuccessNotification(await _localizationService.GetResourceAsync("Plugins.Misc.Smtp.Saved"));

        return RedirectToAction(nameof(Configure));
    }
}
