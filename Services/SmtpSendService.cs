using System.Diagnostics;
using Nop.Plugin.Misc.Smtp.Domain;

namespace Nop.Plugin.Misc.Smtp.Services;

/// <summary>
/// Sends one email with given settings and records the outcome in the send log: the path shared by the store's
/// IEmailSender, the queue task and the test send.
/// </summary>
public sealed class SmtpSendService
{
    private readonly SmtpConnectionPool _pool;
    private readonly EmailMessageBuilder _messageBuilder;
    private readonly ISendLog _sendLog;
    private readonly PasswordProtector _passwordProtector;

    public SmtpSendService(SmtpConnectionPool pool, EmailMessageBuilder messageBuilder, ISendLog sendLog, PasswordProtector passwordProtector)
    {
        _pool = pool;
        _messageBuilder = messageBuilder;
        _sendLog = sendLog;
        _passwordProtector = passwordProtector;
    }

    /// <summary>
    /// Whether the plugin should send at all: enabled and with a host. Otherwise nopCommerce's own sender runs.
    /// </summary>
    public static bool IsActive(SmtpSettings settings)
    {
        return settings is { Enabled: true } && !string.IsNullOrWhiteSpace(settings.Host);
    }

    /// <summary>
    /// Checks stored settings (which may have been edited by hand) and builds the endpoint. False with a plain-words
    /// problem when they cannot be used.
    /// </summary>
    public bool TryCreateEndpoint(SmtpSettings settings, string passwordOverride, out SmtpEndpoint endpoint, out string problem)
    {
        endpoint = null;
        problem = SmtpSettingsRules.Describe(settings);
        if (problem != null)
            return false;

        var password = passwordOverride;
        if (password == null && !_passwordProtector.TryUnprotect(settings.ProtectedPassword, out password))
        {
            problem = "The stored SMTP password can no longer be decrypted (the store's data protection keys changed). Enter the password again on the SMTP plugin's page.";
            return false;
        }

        endpoint = SmtpEndpoint.From(settings, password);
        return true;
    }

    /// <summary>
    /// Builds, sends and logs one email. Throws <see cref="SmtpSendException"/> when it was not sent (after logging it).
    /// </summary>
    public async Task<SmtpDeliveryResult> SendAsync(EmailRequest request, SmtpSettings settings, SmtpEndpoint endpoint,
        SendOptions options, CancellationToken cancellationToken)
    {
        options ??= new SendOptions();
        var stopwatch = Stopwatch.StartNew();
        var entry = CreateEntry(request, settings, endpoint, options);

        BuiltMessage built = null;
        try
        {
            built = await ExclusiveStorage.RunAsync(options.StorageGate, () => _messageBuilder.BuildAsync(request, settings, cancellationToken), cancellationToken);
            entry.Notes = built.Notes.Count > 0 ? string.Join(Environment.NewLine, built.Notes) : null;

            if (settings.DeveloperMode == DeveloperMode.LogOnly)
            {
                entry.Status = SendStatus.LoggedOnly;
                entry.DurationMs = (int)stopwatch.ElapsedMilliseconds;
                await RecordAsync(entry, options, cancellationToken);
                return new SmtpDeliveryResult { Elapsed = stopwatch.Elapsed, ServerReply = "Developer mode: logged only, nothing was sent." };
            }

            var result = await _pool.SendAsync(endpoint, built.Message, options.CaptureTranscript, cancellationToken);
            entry.Status = settings.DeveloperMode == DeveloperMode.Redirect ? SendStatus.Redirected : SendStatus.Sent;
            entry.ServerReply = result.ServerReply;
            entry.QueueId = result.QueueId;
            entry.SizeBytes = result.SizeBytes;
            entry.DurationMs = (int)stopwatch.ElapsedMilliseconds;
            entry.Attempt = options.Attempt + result.Attempts - 1;
            if (options.IsTest)
                entry.Transcript = result.Transcript;

            await RecordAsync(entry, options, CancellationToken.None);
            return result;
        }
        catch (SmtpSendException failure)
        {
            entry.Status = failure.Reason == SmtpFailureReason.OutcomeUnknown ? SendStatus.Unknown : SendStatus.Failed;
            entry.FailureReasonId = (int)failure.Reason;
            entry.Error = failure.Message;
            entry.ServerReply = failure.ReplyCode is { } code ? $"{code} {failure.ServerReply}" : failure.ServerReply;
            entry.Transcript = failure.Transcript;
            entry.DurationMs = (int)stopwatch.ElapsedMilliseconds;
            await RecordAsync(entry, options, CancellationToken.None);
            throw;
        }
        finally
        {
            built?.Dispose();
        }
    }

    private Task RecordAsync(SmtpLogEntry entry, SendOptions options, CancellationToken cancellationToken)
    {
        return ExclusiveStorage.RunAsync(options.StorageGate, async () =>
        {
            await _sendLog.RecordAsync(entry, cancellationToken);
            return true;
        }, cancellationToken);
    }

    private static SmtpLogEntry CreateEntry(EmailRequest request, SmtpSettings settings, SmtpEndpoint endpoint, SendOptions options)
    {
        static string Join(IReadOnlyList<string> addresses) =>
            addresses == null ? null : string.Join(";", addresses.Where(address => !string.IsNullOrWhiteSpace(address)).Select(address => address.Trim()));

        // The log shows the sender the email went out with, so that it matches what the recipient sees.
        var (fromAddress, fromName) = EmailMessageBuilder.EffectiveFrom(request, settings);

        return new SmtpLogEntry
        {
            CreatedOnUtc = DateTime.UtcNow,
            Status = SendStatus.Failed,
            FromAddress = fromAddress,
            FromName = fromName,
            ToAddress = request.ToAddress,
            ToName = request.ToName,
            ReplyToAddress = request.ReplyToAddress,
            ReplyToName = request.ReplyToName,
            Cc = Join(request.Cc),
            Bcc = Join(request.Bcc),
            CcCount = request.Cc?.Count(address => !string.IsNullOrWhiteSpace(address)) ?? 0,
            BccCount = request.Bcc?.Count(address => !string.IsNullOrWhiteSpace(address)) ?? 0,
            Subject = request.Subject,
            Body = settings.LogMessageBodies ? request.Body : null,
            AttachmentFilePath = request.AttachmentFilePath,
            AttachmentFileName = request.AttachmentFileName,
            AttachedDownloadId = request.AttachedDownloadId,
            Server = endpoint?.Server,
            Attempt = options.Attempt,
            IsTest = options.IsTest,
            QueuedEmailId = options.QueuedEmailId
        };
    }
}

/// <summary>
/// How one send is made and logged.
/// </summary>
public sealed record SendOptions
{
    /// <summary>
    /// Keep the redacted transcript of a successful send (test sends); failures always keep theirs.
    /// </summary>
    public bool CaptureTranscript { get; init; }

    public bool IsTest { get; init; }

    /// <summary>
    /// Which try this is, counting nopCommerce's queue tries (1 for the first).
    /// </summary>
    public int Attempt { get; init; } = 1;

    public int? QueuedEmailId { get; init; }

    /// <summary>
    /// When set, the send's database work (loading a download attachment, writing the log entry) waits for this gate,
    /// so that parallel sends sharing one scope's services never use them at the same time. Null for a single send.
    /// </summary>
    public SemaphoreSlim StorageGate { get; init; }
}
