using System.Collections.Concurrent;
using Microsoft.AspNetCore.DataProtection;
using Moq;
using Nop.Core.Domain.Messages;
using Nop.Core.Infrastructure;
using Nop.Plugin.Misc.Smtp.Domain;
using Nop.Plugin.Misc.Smtp.Services;
using Nop.Services.Logging;
using Nop.Services.Media;
using Nop.Services.Messages;

namespace Nop.Plugin.Misc.Smtp.Tests.Infrastructure;

/// <summary>
/// The store's IEmailSender as nopCommerce calls it: SmtpEmailSender over the real SmtpSendService, connection pool and
/// message builder, with nopCommerce's services mocked and every send log entry and nopCommerce log call captured.
/// </summary>
public sealed class SenderHarness : IAsyncDisposable
{
    public const string Username = "shop@example.com";
    public const string Password = "S3cr3t-P@ssw0rd!xyz";

    public SenderHarness(SmtpSettings settings = null)
    {
        Settings = settings ?? new SmtpSettings
        {
            Enabled = true,
            Host = "127.0.0.1",
            Port = 25,
            Security = SmtpSecurity.None,
            Authentication = SmtpAuthentication.None,
            TimeoutSeconds = 10,
            MaxConnections = 2
        };
        Protector = new PasswordProtector(new EphemeralDataProtectionProvider());
        Downloads = new Mock<IDownloadService>();
        FileProvider = new Mock<INopFileProvider>();
        FileProvider.Setup(provider => provider.FileExists(It.IsAny<string>())).Returns((string path) => File.Exists(path));
        Builder = new EmailMessageBuilder(Downloads.Object, FileProvider.Object);
        Pool = new SmtpConnectionPool();
        SendService = new SmtpSendService(Pool, Builder, Log, Protector);

        Logger = new Mock<ILogger>();
        Logger.Setup(logger => logger.ErrorAsync(It.IsAny<string>(), It.IsAny<Exception>(), null))
            .Callback((string message, Exception exception, Nop.Core.Domain.Customers.Customer _) => NopLog.Enqueue((message, exception)))
            .Returns(Task.CompletedTask);
        Logger.Setup(logger => logger.WarningAsync(It.IsAny<string>(), It.IsAny<Exception>(), null))
            .Callback((string message, Exception exception, Nop.Core.Domain.Customers.Customer _) => NopLog.Enqueue((message, exception)))
            .Returns(Task.CompletedTask);
        Logger.Setup(logger => logger.InformationAsync(It.IsAny<string>(), It.IsAny<Exception>(), null))
            .Callback((string message, Exception exception, Nop.Core.Domain.Customers.Customer _) => NopLog.Enqueue((message, exception)))
            .Returns(Task.CompletedTask);

        Fallback = new Mock<IEmailSender>();
        Sender = new SmtpEmailSender(Settings, SendService, new NopEmailSender(Fallback.Object), Logger.Object, ProblemReporter);
    }

    public SettingsProblemReporter ProblemReporter { get; } = new();

    public SmtpSettings Settings { get; }

    public PasswordProtector Protector { get; }

    public Mock<IDownloadService> Downloads { get; }

    public Mock<INopFileProvider> FileProvider { get; }

    public EmailMessageBuilder Builder { get; }

    public SmtpConnectionPool Pool { get; }

    public CapturingSendLog Log { get; } = new();

    public SmtpSendService SendService { get; }

    public Mock<ILogger> Logger { get; }

    public ConcurrentQueue<(string Message, Exception Exception)> NopLog { get; } = new();

    public Mock<IEmailSender> Fallback { get; }

    public SmtpEmailSender Sender { get; }

    /// <summary>
    /// Points the settings at a local server, optionally with credentials (stored encrypted, as the configure page does).
    /// </summary>
    public SenderHarness UseServer(int port, SmtpSecurity security = SmtpSecurity.None,
        SmtpAuthentication authentication = SmtpAuthentication.None, int timeoutSeconds = 10,
        CertificateCheck certificateCheck = CertificateCheck.Strict, string pinnedThumbprint = null)
    {
        Settings.Host = "127.0.0.1";
        Settings.Port = port;
        Settings.Security = security;
        Settings.Authentication = authentication;
        Settings.CertificateCheck = certificateCheck;
        Settings.PinnedThumbprint = pinnedThumbprint;
        if (authentication != SmtpAuthentication.None)
        {
            Settings.Username = Username;
            Settings.ProtectedPassword = Protector.Protect(Password);
        }

        Settings.TimeoutSeconds = timeoutSeconds;
        return this;
    }

    public Task SendAsync(string subject = "Order #1001 confirmed", string to = "customer@example.com",
        string toName = "Customer", string body = "<p>Thank you</p>", string replyTo = null, string replyToName = null,
        IEnumerable<string> bcc = null, IEnumerable<string> cc = null, string attachmentFilePath = null,
        string attachmentFileName = null, IDictionary<string, string> headers = null,
        string from = "shop@example.com", string fromName = "Shop")
    {
        return Sender.SendEmailAsync(new EmailAccount { Email = from, DisplayName = fromName }, subject, body,
            from, fromName, to, toName, replyTo, replyToName, bcc, cc, attachmentFilePath, attachmentFileName, 0, headers);
    }

    /// <summary>
    /// Everything the plugin wrote anywhere a person could read: send log entries and nopCommerce log calls.
    /// </summary>
    public string EverythingLogged()
    {
        var parts = new List<string>();
        foreach (var entry in Log.Entries)
        {
            parts.AddRange(new[]
            {
                entry.Error, entry.ServerReply, entry.Transcript, entry.Notes, entry.Server, entry.Subject, entry.ToAddress,
                entry.FromAddress, entry.QueueId, entry.Body
            });
        }

        foreach (var (message, exception) in NopLog)
        {
            parts.Add(message);
            parts.Add(exception?.ToString());
        }

        return string.Join("\n", parts.Where(part => part != null));
    }

    public async ValueTask DisposeAsync()
    {
        await Pool.DisposeAsync();
    }
}

/// <summary>
/// A send log that keeps its entries in memory.
/// </summary>
public sealed class CapturingSendLog : ISendLog
{
    private readonly ConcurrentQueue<SmtpLogEntry> _entries = new();

    public IReadOnlyList<SmtpLogEntry> Entries => _entries.ToList();

    public Task RecordAsync(SmtpLogEntry entry, CancellationToken cancellationToken = default)
    {
        _entries.Enqueue(entry);
        return Task.CompletedTask;
    }
}
