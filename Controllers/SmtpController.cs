using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Nop.Core;
using Nop.Core.Domain.Messages;
using Nop.Plugin.Misc.Smtp.Domain;
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

/// <summary>
/// The settings page: save, test send and import from an email account. Every action needs the plugin's own
/// permission or nopCommerce's Manage plugins (the string[] overload of CheckPermission means "any of").
/// </summary>
[Area(AreaNames.ADMIN)]
[AuthorizeAdmin]
[AutoValidateAntiforgeryToken]
public class SmtpController : BasePluginController
{
    private const string TestSendPrefix = nameof(ConfigurationModel.TestSend) + ".";

    private readonly ConfigurationModelFactory _modelFactory;
    private readonly TestSendResultModelFactory _resultFactory;
    private readonly SmtpTestSendService _testSendService;
    private readonly TestSendRateLimiter _rateLimiter;
    private readonly IValidator<TestSendModel> _testSendValidator;
    private readonly IEmailAccountService _emailAccountService;
    private readonly ILocalizationService _localizationService;
    private readonly INotificationService _notificationService;
    private readonly ISettingService _settingService;
    private readonly IWorkContext _workContext;
    private readonly SmtpSettings _smtpSettings;

    public SmtpController(ConfigurationModelFactory modelFactory,
        TestSendResultModelFactory resultFactory,
        SmtpTestSendService testSendService,
        TestSendRateLimiter rateLimiter,
        IValidator<TestSendModel> testSendValidator,
        IEmailAccountService emailAccountService,
        ILocalizationService localizationService,
        INotificationService notificationService,
        ISettingService settingService,
        IWorkContext workContext,
        SmtpSettings smtpSettings)
    {
        _modelFactory = modelFactory;
        _resultFactory = resultFactory;
        _testSendService = testSendService;
        _rateLimiter = rateLimiter;
        _testSendValidator = testSendValidator;
        _emailAccountService = emailAccountService;
        _localizationService = localizationService;
        _notificationService = notificationService;
        _settingService = settingService;
        _workContext = workContext;
        _smtpSettings = smtpSettings;
    }

    [HttpGet]
    [CheckPermission(new[] { SmtpDefaults.ManagePermission, StandardPermission.Configuration.MANAGE_PLUGINS })]
    public async Task<IActionResult> Configure()
    {
        return View(SmtpDefaults.ConfigureView, await _modelFactory.PrepareConfigurationModelAsync(_smtpSettings));
    }

    [HttpPost]
    [CheckPermission(new[] { SmtpDefaults.ManagePermission, StandardPermission.Configuration.MANAGE_PLUGINS })]
    public async Task<IActionResult> Configure(ConfigurationModel model)
    {
        // The test-send fields belong to the test button, not to the settings being saved.
        RemoveTestSendErrors();
        if (!ModelState.IsValid)
        {
            _notificationService.ErrorNotification(await _localizationService.GetResourceAsync("Plugins.Misc.Smtp.NotSaved"));
            return View(SmtpDefaults.ConfigureView, await _modelFactory.PrepareConfigurationModelAsync(_smtpSettings, model));
        }

        await _modelFactory.ApplyToSettingsAsync(model, _smtpSettings);
        await _settingService.SaveSettingAsync(_smtpSettings);
        _notificationService.SuccessNotification(await _localizationService.GetResourceAsync("Plugins.Misc.Smtp.Saved"));

        return RedirectToAction(nameof(Configure));
    }

    [HttpPost]
    [CheckPermission(new[] { SmtpDefaults.ManagePermission, StandardPermission.Configuration.MANAGE_PLUGINS })]
    public async Task<IActionResult> TestSend(ConfigurationModel model)
    {
        // FluentValidation does not validate child models by default, so the test fields are checked here, once.
        RemoveTestSendErrors();
        foreach (var error in (await _testSendValidator.ValidateAsync(model.TestSend ?? new TestSendModel())).Errors)
            ModelState.AddModelError(TestSendPrefix + error.PropertyName, error.ErrorMessage);

        if (!ModelState.IsValid)
            return Json(await _resultFactory.PrepareInvalidFormModelAsync(ModelState));

        var customer = await _workContext.GetCurrentCustomerAsync();
        if (!_rateLimiter.TryAcquire(customer?.Id ?? 0))
            return Json(await _resultFactory.PrepareRateLimitedModelAsync());

        var settings = ConfigurationModelFactory.CreateCandidateSettings(model, _smtpSettings);
        var password = await _modelFactory.ResolvePasswordAsync(model);
        var request = await _modelFactory.PrepareTestSendRequestAsync(model);
        var outcome = await _testSendService.SendAsync(settings, password, request, HttpContext?.RequestAborted ?? CancellationToken.None);

        return Json(await _resultFactory.PrepareResultModelAsync(outcome, settings));
    }

    [HttpPost]
    [CheckPermission(new[] { SmtpDefaults.ManagePermission, StandardPermission.Configuration.MANAGE_PLUGINS })]
    public async Task<IActionResult> ImportEmailAccount(int emailAccountId)
    {
        var account = await _emailAccountService.GetEmailAccountByIdAsync(emailAccountId);
        if (account == null)
            return Json(new { Error = await _localizationService.GetResourceAsync("Plugins.Misc.Smtp.Import.NotFound") });

        // The password stays on the server: the form only learns which account to take it from.
        return Json(new
        {
            Host = account.Host,
            Port = account.Port,
            Username = account.Username,
            Security = (int)SmtpSecurityMapping.FromNopEnableSsl(account.EnableSsl),
            Authentication = (int)(account.EmailAuthenticationMethod == EmailAuthenticationMethod.None || string.IsNullOrEmpty(account.Username)
                ? SmtpAuthentication.None
                : SmtpAuthentication.Auto),
            EmailAccountId = account.Id,
            Message = string.Format(await _localizationService.GetResourceAsync("Plugins.Misc.Smtp.Import.Done"), account.Email)
        });
    }

    private void RemoveTestSendErrors()
    {
        foreach (var key in ModelState.Keys.Where(key => key.StartsWith(TestSendPrefix, StringComparison.Ordinal)).ToList())
            ModelState.Remove(key);
    }
}
