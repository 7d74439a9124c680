using Nop.Core.Domain.Messages;
using Nop.Plugin.Misc.Smtp.Domain;
using Nop.Services.Logging;
using Nop.Services.Messages;

namespace Nop.Plugin.Misc.Smtp.Services;

/// <summary>
/// nopCommerce's "Send emails" task, faster: the same emails in the same order under the same rules (3 tries, each
/// account's MaxNumberOfEmails per run, SentTries and SentOnUtc updated for every email), but up to
/// <see cref="SmtpSettings.MaxParallelSends"/> sent at once over the plugin's pooled connections. Each email is
/// claimed before it is sent, so overlapping runs and web-farm nodes never send one twice. A permanent rejection of
/// an email is not tried again; an outcome the server never confirmed is marked sent rather than risk a duplicate.
/// After a failure of the connection or the settings (server down, password rejected) the run stops, so that an
/// outage does not use up every queued email's tries. When the plugin is off, or its settings cannot be used,
/// nopCommerce's own task runs unchanged.
/// </summary>
public class SmtpQueuedMessagesSendTask : QueuedMessagesSendTask
{
    /// <summary>
    /// nopCommerce's limit of tries per queued email.
    /// </summary>
    public const int MaxTries = 3;

    private static readonly char[] _separator = [';'];

    private readonly SmtpSettings _settings;
    private readonly SmtpSendService _sendService;
    private readonly QueuedEmailClaimService _claimService;

    public SmtpQueuedMessagesSendTask(IEmailAccountService emailAccountService,
        IEmailSender emailSender,
        ILogger logger,
        IQueuedEmailService queuedEmailService,
        SmtpSettings settings,
        SmtpSendService sendService,
        QueuedEmailClaimService claimService)
        : base(emailAccountService, emailSender, logger, queuedEmailService)
    {
        _settings = settings;
        _sendService = sendService;
        _claimService = claimService;
    }

    public override async Task ExecuteAsync()
    {
        if (!SmtpSendService.IsActive(_settings) || !_sendService.TryCreateEndpoint(_settings, null, out var endpoint, out _))
        {
            // The store's IEmailSender (the plugin's, falling back to nopCommerce's) reports unusable settings.
            await base.ExecuteAsync();
            return;
        }

        await SendQueuedAsync(endpoint, CancellationToken.None);
    }

    /// <summary>
    /// One run of the queue with a usable endpoint.
    /// </summary>
    protected virtual async Task SendQueuedAsync(SmtpEndpoint endpoint, CancellationToken cancellationToken)
    {
        var batch = await SelectBatchAsync();
        if (batch.Count == 0)
            return;

        var run = new Run(endpoint, $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}");
        var parallelism = Math.Max(1, _settings.MaxParallelSends);
        var options = new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken };

        // Parallel.ForEachAsync takes items in order, so emails start in nopCommerce's order.
        await Parallel.ForEachAsync(batch, options, async (item, token) => await ProcessAsync(run, item.Email, item.Account, token));
    }

    private async Task<List<(QueuedEmail Email, EmailAccount Account)>> SelectBatchAsync()
    {
        var queued = await _queuedEmailService.SearchEmailsAsync(null, null, null, null,
            true, true, MaxTries, false, 0, int.MaxValue);

        var batch = new List<(QueuedEmail, EmailAccount)>();
        foreach (var group in queued.GroupBy(email => email.EmailAccountId))
        {
            var account = await _emailAccountService.GetEmailAccountByIdAsync(group.Key);
            if (account == null)
            {
                await _logger.ErrorAsync($"Error sending email. The email account {group.Key} of {group.Count()} queued email(s) does not exist.");
                continue;
            }

            batch.AddRange(group.Take(account.MaxNumberOfEmails).Select(email => (email, account)));
        }

        return batch;
    }

    private async Task ProcessAsync(Run run, QueuedEmail listed, EmailAccount account, CancellationToken cancellationToken)
    {
        // After a failure of the server or the settings, every further email would fail the same way and lose a try:
        // the rest wait, untouched, for the next run.
        if (run.Halted)
            return;

        var (claim, email) = await run.WithStorageAsync(() => ClaimAsync(run, listed, cancellationToken), cancellationToken);
        if (claim == null)
            return;

        var outcome = await SendOneAsync(run, email, account, cancellationToken);

        await run.WithStorageAsync(async () =>
        {
            try
            {
                switch (outcome)
                {
                    case null:
                        email.SentOnUtc = DateTime.UtcNow;
                        email.SentTries += 1;
                        break;

                    case SmtpSendException { Reason: SmtpFailureReason.OutcomeUnknown } unknown:
                        // The server may have it. Marked sent so that nobody gets it twice; the send log shows it as
                        // Unknown and the admin can resend it from there.
                        email.SentOnUtc = DateTime.UtcNow;
                        email.SentTries += 1;
                        await _logger.WarningAsync($"Email {email.Id} to {email.To}: {unknown.Message} It is marked as sent; resend it from the SMTP send log if it did not arrive.", unknown);
                        break;

                    case SmtpSendException { IsPermanent: true, Reason: SmtpFailureReason.Sender or SmtpFailureReason.Recipient
                        or SmtpFailureReason.Message or SmtpFailureReason.Input } permanent:
                        // The server refused this email for good: it would be refused the same way on every try. (A
                        // permanent refusal of the session, such as a rejected password, is not this email's fault.)
                        email.SentTries = Math.Max(MaxTries, email.SentTries + 1);
                        await _logger.ErrorAsync($"Error sending email. {permanent.Message} The email is not retried (permanent failure).", permanent);
                        break;

                    case SmtpSendException { Reason: SmtpFailureReason.Connect or SmtpFailureReason.Tls or SmtpFailureReason.Certificate
                        or SmtpFailureReason.Auth or SmtpFailureReason.Configuration } sessionFailure:
                        email.SentTries += 1;
                        await _logger.ErrorAsync($"Error sending email. {sessionFailure.Message}", sessionFailure);
                        if (!run.Halted)
                        {
                            run.Halted = true;
                            await _logger.WarningAsync("SMTP plugin: the queue run stopped after a connection or settings failure; the remaining emails stay queued for the next run.");
                        }

                        break;

                    default:
                        email.SentTries += 1;
                        await _logger.ErrorAsync($"Error sending email. {outcome.Message}", outcome);
                        break;
                }

                await _queuedEmailService.UpdateQueuedEmailAsync(email);
            }
            finally
            {
                await _claimService.ReleaseAsync(claim, CancellationToken.None);
            }

            return true;
        }, CancellationToken.None);
    }

    private async Task<(QueuedEmailClaim Claim, QueuedEmail Email)> ClaimAsync(Run run, QueuedEmail listed, CancellationToken cancellationToken)
    {
        var claim = await _claimService.TryClaimAsync(listed.Id, run.Owner, cancellationToken);
        if (claim == null)
            return (null, null);

        // Another run may have sent it between our search and our claim (and released its claim since): read it again.
        var current = (await _queuedEmailService.GetQueuedEmailsByIdsAsync([listed.Id])).FirstOrDefault();
        if (current == null || current.SentOnUtc != null || current.SentTries != listed.SentTries)
        {
            await _claimService.ReleaseAsync(claim, CancellationToken.None);
            return (null, null);
        }

        return (claim, current);
    }

    /// <summary>
    /// Sends one email; returns null when sent, otherwise what went wrong (never throws).
    /// </summary>
    private async Task<Exception> SendOneAsync(Run run, QueuedEmail email, EmailAccount account, CancellationToken cancellationToken)
    {
        try
        {
            var request = new EmailRequest
            {
                Subject = email.Subject,
                Body = email.Body,
                FromAddress = email.From,
                FromName = email.FromName,
                ToAddress = email.To,
                ToName = email.ToName,
                ReplyToAddress = email.ReplyTo,
                ReplyToName = email.ReplyToName,
                Bcc = Split(email.Bcc),
                Cc = Split(email.CC),
                AttachmentFilePath = email.AttachmentFilePath,
                AttachmentFileName = email.AttachmentFileName,
                AttachedDownloadId = email.AttachedDownloadId
            };
            var options = new SendOptions
            {
                Attempt = email.SentTries + 1,
                QueuedEmailId = email.Id,
                StorageGate = run.StorageGate
            };

            await _sendService.SendAsync(request, _settings, run.Endpoint, options, cancellationToken);
            return null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return exception;
        }
    }

    private static IReadOnlyList<string> Split(string addresses)
    {
        return string.IsNullOrWhiteSpace(addresses) ? [] : addresses.Split(_separator, StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>
    /// What the parallel sends of one run share. The storage gate serializes every use of the scoped nopCommerce
    /// services (repositories, queued email service, logger), which are not safe to use from two threads at once.
    /// </summary>
    private sealed class Run
    {
        public Run(SmtpEndpoint endpoint, string owner)
        {
            Endpoint = endpoint;
            Owner = owner;
        }

        public SmtpEndpoint Endpoint { get; }

        public string Owner { get; }

        public SemaphoreSlim StorageGate { get; } = new(1, 1);

        /// <summary>
        /// Set (under the storage gate) once the server or the settings failed: no further email is started.
        /// </summary>
        public bool Halted
        {
            get => Volatile.Read(ref _halted);
            set => Volatile.Write(ref _halted, value);
        }

        private bool _halted;

        public Task<T> WithStorageAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken)
        {
            return ExclusiveStorage.RunAsync(StorageGate, work, cancellationToken);
        }
    }
}
