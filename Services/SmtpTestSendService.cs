using System.Diagnostics;
using System.Net;
using Nop.Plugin.Misc.Smtp.Domain;

namespace Nop.Plugin.Misc.Smtp.Services;

/// <summary>
/// What the admin asked to send from the configure page.
/// </summary>
public sealed record TestSendRequest
{
    public string Recipient { get; init; }

    public string Subject { get; init; }

    public string Body { get; init; }

    public string FromAddress { get; init; }

    public string FromName { get; init; }
}

/// <summary>
/// How a test send went: the delivery on success, the failure and its diagnosis otherwise.
/// </summary>
public sealed record TestSendOutcome
{
    public bool Success { get; init; }

    public TimeSpan Elapsed { get; init; }

    public string Server { get; init; }

    public SmtpDeliveryResult Delivery { get; init; }

    public SmtpSendException Failure { get; init; }

    public TestSendProblem Problem { get; init; }

    /// <summary>
    /// The certificate the server presented, on success or failure.
    /// </summary>
    public ServerCertificateInfo Certificate => Delivery?.Session?.Certificate ?? Failure?.Certificate;

    /// <summary>
    /// What the session showed (TLS, AUTH mechanism), on success or as far as a failed one got.
    /// </summary>
    public SmtpSessionInfo Session => Delivery?.Session ?? Failure?.Session;

    public string Transcript => Delivery?.Transcript ?? Failure?.Transcript;
}

/// <summary>
/// Sends one test email with settings that may not be saved yet, on a connection of its own (never one of the store's
/// pooled connections, so that a test neither disturbs live mail nor reuses a session opened with other settings),
/// and records it in the send log as a test.
/// </summary>
public sealed class SmtpTestSendService
{
    private readonly EmailMessageBuilder _messageBuilder;
    private readonly ISendLog _sendLog;
    private readonly PasswordProtector _passwordProtector;

    public SmtpTestSendService(EmailMessageBuilder messageBuilder, ISendLog sendLog, PasswordProtector passwordProtector)
    {
        _messageBuilder = messageBuilder;
        _sendLog = sendLog;
        _passwordProtector = passwordProtector;
    }

    /// <summary>
    /// Sends the test. Developer mode is ignored: the admin named the recipient. Never throws for a failed send.
    /// </summary>
    /// <param name="settings">The settings to test (the form's values).</param>
    /// <param name="passwordOverride">The password to use; null means the one stored in <paramref name="settings"/>.</param>
    /// <param name="request">Recipient, subject and body.</param>
    /// <param name="cancellationToken">Cancels the send (the request was aborted); the settings' timeout bounds it anyway.</param>
    public async Task<TestSendOutcome> SendAsync(SmtpSettings settings, string passwordOverride, TestSendRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(request);

        settings.DeveloperMode = DeveloperMode.Off;
        var stopwatch = Stopwatch.StartNew();
        await using var pool = new SmtpConnectionPool();
        var sender = new SmtpSendService(pool, _messageBuilder, _sendLog, _passwordProtector);

        if (!sender.TryCreateEndpoint(settings, passwordOverride, out var endpoint, out var problem))
        {
            return new TestSendOutcome
            {
                Elapsed = stopwatch.Elapsed,
                Failure = new SmtpSendException(SmtpFailureReason.Configuration, problem),
                Problem = TestSendProblem.Configuration
            };
        }

        var email = new EmailRequest
        {
            FromAddress = request.FromAddress,
            FromName = request.FromName,
            ToAddress = request.Recipient?.Trim(),
            Subject = request.Subject,
            Body = ToHtml(request.Body),
            IsTest = true
        };

        try
        {
            var delivery = await sender.SendAsync(email, settings, endpoint,
                new SendOptions { IsTest = true, CaptureTranscript = true }, cancellationToken);
            return new TestSendOutcome
            {
                Success = true,
                Elapsed = stopwatch.Elapsed,
                Server = endpoint.Server,
                Delivery = delivery,
                Problem = TestSendProblem.None
            };
        }
        catch (SmtpSendException failure)
        {
            return new TestSendOutcome
            {
                Elapsed = stopwatch.Elapsed,
                Server = endpoint.Server,
                Failure = failure,
                Problem = TestSendDiagnosis.Diagnose(failure, endpoint)
            };
        }
    }

    // The admin types plain text; it must arrive as text, not as markup.
    private static string ToHtml(string body)
    {
        var encoded = WebUtility.HtmlEncode(body ?? string.Empty);
        return $"<p>{encoded.ReplaceLineEndings("<br />")}</p>";
    }
}
