using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Rendering;
using Nop.Plugin.Misc.Smtp.Domain;
using Nop.Plugin.Misc.Smtp.Models.Log;
using Nop.Plugin.Misc.Smtp.Services;
using Nop.Services.Helpers;
using Nop.Services.Localization;
using Nop.Web.Framework.Models.Extensions;

namespace Nop.Plugin.Misc.Smtp.Factories;

/// <summary>
/// Prepares the send log's search, grid and details models. Times are shown in the admin's time zone; log text is
/// passed on as data, never as markup.
/// </summary>
public sealed partial class SmtpLogModelFactory
{
    private readonly IDateTimeHelper _dateTimeHelper;
    private readonly ILocalizationService _localizationService;
    private readonly SendLogService _sendLogService;

    public SmtpLogModelFactory(IDateTimeHelper dateTimeHelper,
        ILocalizationService localizationService,
        SendLogService sendLogService)
    {
        _dateTimeHelper = dateTimeHelper;
        _localizationService = localizationService;
        _sendLogService = sendLogService;
    }

    [GeneratedRegex(@"<\s*(html|body|div|p|br|table|span|a|img|h[1-6])\b", RegexOptions.IgnoreCase)]
    private static partial Regex HtmlTag();

    private static string Mailbox(string address, string name)
    {
        if (string.IsNullOrEmpty(name))
            return address;

        return string.IsNullOrEmpty(address) ? name : $"{name} <{address}>";
    }

    private async Task<string> StatusTextAsync(int statusId)
    {
        return Enum.IsDefined(typeof(SendStatus), statusId)
            ? await _localizationService.GetLocalizedEnumAsync((SendStatus)statusId)
            : statusId.ToString();
    }

    private async IAsyncEnumerable<SmtpLogModel> RowsAsync(IEnumerable<SmtpLogEntry> entries)
    {
        foreach (var entry in entries)
            yield return await PrepareRowAsync(entry);
    }

    /// <summary>
    /// The filter the admin's search stands for; dates are whole days in the admin's time zone, the end date
    /// inclusive.
    /// </summary>
    public async Task<SendLogFilter> PrepareFilterAsync(SmtpLogSearchModel searchModel)
    {
        ArgumentNullException.ThrowIfNull(searchModel);

        var timeZone = searchModel.CreatedFrom.HasValue || searchModel.CreatedTo.HasValue
            ? await _dateTimeHelper.GetCurrentTimeZoneAsync()
            : null;

        return new SendLogFilter(
            Status: Enum.IsDefined(typeof(SendStatus), searchModel.StatusId) ? (SendStatus)searchModel.StatusId : null,
            FromUtc: searchModel.CreatedFrom is { } from ? _dateTimeHelper.ConvertToUtcTime(from.Date, timeZone) : null,
            ToUtc: searchModel.CreatedTo is { } to ? _dateTimeHelper.ConvertToUtcTime(to.Date, timeZone).AddDays(1) : null,
            Text: string.IsNullOrWhiteSpace(searchModel.SearchText) ? null : searchModel.SearchText.Trim());
    }

    /// <summary>
    /// The search model of the list page: the status choices and the grid's page sizes.
    /// </summary>
    public async Task<SmtpLogSearchModel> PrepareSearchModelAsync(SmtpLogSearchModel searchModel)
    {
        ArgumentNullException.ThrowIfNull(searchModel);

        searchModel.AvailableStatuses.Clear();
        searchModel.AvailableStatuses.Add(new SelectListItem(await _localizationService.GetResourceAsync("Plugins.Misc.Smtp.Log.Search.Status.All"), "0"));
        foreach (var status in Enum.GetValues<SendStatus>())
        {
            searchModel.AvailableStatuses.Add(new SelectListItem(await _localizationService.GetLocalizedEnumAsync(status),
                ((int)status).ToString()));
        }

        searchModel.SetGridPageSize();

        return searchModel;
    }

    /// <summary>
    /// One grid row.
    /// </summary>
    public async Task<SmtpLogModel> PrepareRowAsync(SmtpLogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);

        return new SmtpLogModel
        {
            Id = entry.Id,
            CreatedOn = await _dateTimeHelper.ConvertToUserTimeAsync(entry.CreatedOnUtc, DateTimeKind.Utc),
            StatusId = entry.StatusId,
            Status = await StatusTextAsync(entry.StatusId),
            To = entry.ToAddress,
            Subject = entry.Subject,
            From = entry.FromAddress,
            DurationMs = entry.DurationMs,
            ServerReply = entry.ServerReply
        };
    }

    /// <summary>
    /// One page of the grid for the admin's search.
    /// </summary>
    public async Task<SmtpLogListModel> PrepareListModelAsync(SmtpLogSearchModel searchModel,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(searchModel);

        var filter = await PrepareFilterAsync(searchModel);
        var entries = await _sendLogService.SearchAsync(filter, searchModel.Page - 1, searchModel.PageSize, cancellationToken);

        return await new SmtpLogListModel().PrepareToGridAsync(searchModel, entries, () => RowsAsync(entries));
    }

    /// <summary>
    /// Every field of one entry.
    /// </summary>
    public async Task<SmtpLogDetailsModel> PrepareDetailsModelAsync(SmtpLogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);

        var attachment = string.Join(", ", new[]
        {
            entry.AttachmentFileName ?? entry.AttachmentFilePath,
            entry.AttachedDownloadId > 0 ? $"#{entry.AttachedDownloadId}" : null
        }.Where(part => !string.IsNullOrEmpty(part)));

        return new SmtpLogDetailsModel
        {
            Id = entry.Id,
            CreatedOnUtc = entry.CreatedOnUtc,
            CreatedOn = await _dateTimeHelper.ConvertToUserTimeAsync(entry.CreatedOnUtc, DateTimeKind.Utc),
            StatusId = entry.StatusId,
            Status = await StatusTextAsync(entry.StatusId),
            From = Mailbox(entry.FromAddress, entry.FromName),
            To = Mailbox(entry.ToAddress, entry.ToName),
            ReplyTo = Mailbox(entry.ReplyToAddress, entry.ReplyToName),
            Cc = entry.Cc,
            CcCount = entry.CcCount,
            Bcc = entry.Bcc,
            BccCount = entry.BccCount,
            Subject = entry.Subject,
            Attachment = attachment,
            SizeBytes = entry.SizeBytes,
            DurationMs = entry.DurationMs,
            Server = entry.Server,
            ServerReply = entry.ServerReply,
            QueueId = entry.QueueId,
            FailureReason = entry.FailureReasonId is { } reason
                ? await _localizationService.GetLocalizedEnumAsync((SmtpFailureReason)reason)
                : null,
            Error = entry.Error,
            Notes = entry.Notes,
            Attempt = entry.Attempt,
            IsTest = entry.IsTest,
            QueuedEmailId = entry.QueuedEmailId,
            Transcript = entry.Transcript,
            Body = entry.Body,
            BodyIsHtml = !string.IsNullOrEmpty(entry.Body) && HtmlTag().IsMatch(entry.Body),
            CanResend = entry.QueuedEmailId is > 0 || !string.IsNullOrEmpty(entry.Body)
        };
    }
}
