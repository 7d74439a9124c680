using Microsoft.AspNetCore.Mvc;
using Nop.Plugin.Misc.Smtp.Factories;
using Nop.Plugin.Misc.Smtp.Models.Log;
using Nop.Plugin.Misc.Smtp.Services;
using Nop.Services.Localization;
using Nop.Services.Messages;
using Nop.Services.Security;
using Nop.Web.Framework;
using Nop.Web.Framework.Controllers;
using Nop.Web.Framework.Mvc.Filters;

namespace Nop.Plugin.Misc.Smtp.Controllers;

/// <summary>
/// The send log admin pages: list, details, resend, delete, clear and CSV export. Every action needs the plugin's
/// permission or "Manage plugins"; every change is an antiforgery-checked POST.
/// </summary>
[Area(AreaNames.ADMIN)]
[AuthorizeAdmin]
[AutoValidateAntiforgeryToken]
public class SmtpLogController : BasePluginController
{
    private readonly ILocalizationService _localizationService;
    private readonly INotificationService _notificationService;
    private readonly SendLogResender _resender;
    private readonly SendLogService _sendLogService;
    private readonly SmtpLogModelFactory _modelFactory;

    public SmtpLogController(ILocalizationService localizationService,
        INotificationService notificationService,
        SendLogResender resender,
        SendLogService sendLogService,
        SmtpLogModelFactory modelFactory)
    {
        _localizationService = localizationService;
        _notificationService = notificationService;
        _resender = resender;
        _sendLogService = sendLogService;
        _modelFactory = modelFactory;
    }

    [HttpGet]
    [CheckPermission(new[] { SmtpDefaults.ManagePermission, StandardPermission.Configuration.MANAGE_PLUGINS })]
    public async Task<IActionResult> List()
    {
        return View(SmtpDefaults.LogListView, await _modelFactory.PrepareSearchModelAsync(new SmtpLogSearchModel()));
    }

    [HttpPost]
    [CheckPermission(new[] { SmtpDefaults.ManagePermission, StandardPermission.Configuration.MANAGE_PLUGINS })]
    public async Task<IActionResult> LogList(SmtpLogSearchModel searchModel)
    {
        return Json(await _modelFactory.PrepareListModelAsync(searchModel, HttpContext.RequestAborted));
    }

    [HttpGet]
    [CheckPermission(new[] { SmtpDefaults.ManagePermission, StandardPermission.Configuration.MANAGE_PLUGINS })]
    public async Task<IActionResult> Details(int id)
    {
        var entry = await _sendLogService.GetByIdAsync(id, HttpContext.RequestAborted);
        if (entry == null)
            return RedirectToAction(nameof(List));

        return View(SmtpDefaults.LogDetailsView, await _modelFactory.PrepareDetailsModelAsync(entry));
    }

    [HttpPost]
    [CheckPermission(new[] { SmtpDefaults.ManagePermission, StandardPermission.Configuration.MANAGE_PLUGINS })]
    public async Task<IActionResult> Resend(int id)
    {
        var result = await _resender.ResendAsync(id, HttpContext.RequestAborted);
        switch (result.Outcome)
        {
            case ResendOutcome.NotFound:
                return RedirectToAction(nameof(List));
            case ResendOutcome.Requeued:
                _notificationService.SuccessNotification(await _localizationService.GetResourceAsync("Plugins.Misc.Smtp.Log.Resend.Requeued"));
                break;
            case ResendOutcome.Sent:
                _notificationService.SuccessNotification(await _localizationService.GetResourceAsync("Plugins.Misc.Smtp.Log.Resend.Sent"));
                break;
            case ResendOutcome.BodyNotStored:
                _notificationService.WarningNotification(await _localizationService.GetResourceAsync("Plugins.Misc.Smtp.Log.Resend.BodyNotStored"));
                break;
            default:
                _notificationService.ErrorNotification(string.Format(
                    await _localizationService.GetResourceAsync("Plugins.Misc.Smtp.Log.Resend.Failed"), result.Error));
                break;
        }

        return RedirectToAction(nameof(Details), new { id });
    }

    [HttpPost]
    [CheckPermission(new[] { SmtpDefaults.ManagePermission, StandardPermission.Configuration.MANAGE_PLUGINS })]
    public async Task<IActionResult> Delete(int id)
    {
        if (await _sendLogService.DeleteAsync([id], HttpContext.RequestAborted) > 0)
            _notificationService.SuccessNotification(await _localizationService.GetResourceAsync("Plugins.Misc.Smtp.Log.Deleted"));

        return RedirectToAction(nameof(List));
    }

    [HttpPost]
    [CheckPermission(new[] { SmtpDefaults.ManagePermission, StandardPermission.Configuration.MANAGE_PLUGINS })]
    public async Task<IActionResult> DeleteSelected(ICollection<int> selectedIds)
    {
        if (selectedIds == null || selectedIds.Count == 0)
            return NoContent();

        await _sendLogService.DeleteAsync(selectedIds, HttpContext.RequestAborted);

        return Json(new { Result = true });
    }

    [HttpPost]
    [CheckPermission(new[] { SmtpDefaults.ManagePermission, StandardPermission.Configuration.MANAGE_PLUGINS })]
    public async Task<IActionResult> ClearAll()
    {
        await _sendLogService.ClearAsync(HttpContext.RequestAborted);
        _notificationService.SuccessNotification(await _localizationService.GetResourceAsync("Plugins.Misc.Smtp.Log.Cleared"));

        return RedirectToAction(nameof(List));
    }

    [HttpPost]
    [CheckPermission(new[] { SmtpDefaults.ManagePermission, StandardPermission.Configuration.MANAGE_PLUGINS })]
    public async Task<IActionResult> ExportCsv(SmtpLogSearchModel searchModel)
    {
        var filter = await _modelFactory.PrepareFilterAsync(searchModel);

        using var stream = new MemoryStream();
        await SendLogCsvWriter.WriteAsync(_sendLogService.EnumerateAsync(filter, cancellationToken: HttpContext.RequestAborted),
            stream, HttpContext.RequestAborted);

        return File(stream.ToArray(), "text/csv", $"smtp-send-log-{DateTime.UtcNow:yyyyMMdd-HHmmss}.csv");
    }
}
