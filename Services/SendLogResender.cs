using Nop.Core.Domain.Messages;
using Nop.Services.Messages;

namespace Nop.Plugin.Misc.Smtp.Services;

/// <summary>
/// What became of an admin's "resend" of a send log entry.
/// </summary>
public enum ResendOutcome
{
    /// <summary>
    /// No entry with that id.
    /// </summary>
    NotFound,

    /// <summary>
    /// nopCommerce's queued email still existed; a copy of it was queued.
    /// </summary>
    Requeued,

    /// <summary>
    /// The stored body was sent again through the store's email sender.
    /// </summary>
    Sent,

    /// <summary>
    /// Neither the queued email nor the body is kept, so there is nothing to send.
    /// </summary>
    BodyNotStored,

    /// <summary>
    /// Sending again failed; <see cref="ResendResult.Error"/> says why.
    /// </summary>
    Failed
}

/// <summary>
/// The outcome of a resend and, for a failure, the error.
/// </summary>
public sealed record ResendResult(ResendOutcome Outcome, string Error = null);

/// <summary>
/// Sends a logged email again: through nopCommerce's queue when its queued email still exists, otherwise from the
/// stored body through the store's IEmailSender (the plugin's sender, so the resend gets its own log entry).
/// </summary>
public sealed class SendLogResender
{
    private readonly SendLogService _sendLogService;
    private readonly IQueuedEmailService _queuedEmailService;
    private readonly IEmailSender _emailSender;
    private readonly IEmailAccountService _emailAccountService;
    private readonly EmailAccountSettings _emailAccountSettings;

    public SendLogResender(SendLogService sendLogService,
        IQueuedEmailService queuedEmailService,
        IEmailSender emailSender,
        IEmailAccountService emailAccountService,
        EmailAccountSettings emailAccountSettings)
    {
        _sendLogService = sendLogService;
        _queuedEmailService = queuedEmailService;
        _emailSender = emailSender;
        _emailAccountService = emailAccountService;
        _emailAccountSettings = emailAccountSettings;
    }

    private static string[] SplitAddresses(string addresses)
    {
        return string.IsNullOrWhiteSpace(addresses)
            ? []
            : addresses.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>
    /// Resends the entry with this id; never throws for a failed send, which comes back as <see cref="ResendOutcome.Failed"/>.
    /// </summary>
    public async Task<ResendResult> ResendAsync(int id, CancellationToken cancellationToken = default)
    {
        var entry = await _sendLogService.GetByIdAsync(id, cancellationToken);
        if (entry == null)
            return new ResendResult(ResendOutcome.NotFound);

        if (entry.QueuedEmailId is > 0)
        {
            var queuedEmail = await _queuedEmailService.GetQueuedEmailByIdAsync(entry.QueuedEmailId.Value);
            if (queuedEmail != null)
            {
                // A copy, as nopCommerce's own "Requeue" does: the original keeps its history of tries.
                await _queuedEmailService.RequeueQueuedEmailsAsync([queuedEmail]);
                return new ResendResult(ResendOutcome.Requeued);
            }
        }

        if (string.IsNullOrEmpty(entry.Body))
            return new ResendResult(ResendOutcome.BodyNotStored);

        cancellationToken.ThrowIfCancellationRequested();

        // The account only matters when the plugin is off and nopCommerce's own sender takes over.
        var account = await _emailAccountService.GetEmailAccountByIdAsync(_emailAccountSettings.DefaultEmailAccountId);
        try
        {
            await _emailSender.SendEmailAsync(account, entry.Subject, entry.Body,
                entry.FromAddress, entry.FromName, entry.ToAddress, entry.ToName,
                entry.ReplyToAddress, entry.ReplyToName,
                SplitAddresses(entry.Bcc), SplitAddresses(entry.Cc),
                entry.AttachmentFilePath, entry.AttachmentFileName, entry.AttachedDownloadId);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return new ResendResult(ResendOutcome.Failed, exception.Message);
        }

        return new ResendResult(ResendOutcome.Sent);
    }
}
