using Microsoft.AspNetCore.DataProtection;
using Moq;
using Nop.Core.Infrastructure;
using Nop.Plugin.Misc.Smtp.Domain;
using Nop.Plugin.Misc.Smtp.Services;
using Nop.Services.Logging;
using Nop.Services.Media;
using Nop.Services.Messages;

namespace Nop.Plugin.Misc.Smtp.Tests.Integration;

/// <summary>
/// The plugin's real sending path (sender, send service, message builder, pool) with nopCommerce's services mocked
/// and the send log captured in memory.
/// </summary>
internal sealed class SenderHarness : IAsyncDisposable
{
    public SenderHarness(SmtpSettings settings, string password = null)
    {
        Settings = settings;
        Protector = new PasswordProtector(new EphemeralDataProtectionProvider());
        settings.ProtectedPassword = Protector.Protect(password);
        FileProvider.Setup(files => files.FileExists(It.IsAny<string>())).Returns<string>(File.Exists);
        SendLog.Setup(log => log.RecordAsync(It.IsAny<SmtpLogEntry>(), It.IsAny<CancellationToken>()))
            .Callback<SmtpLogEntry, CancellationToken>((entry, _) =>
            {
                lock (LogEntries)
                    LogEntries.Add(entry);
            })
            .Returns(Task.CompletedTask);

        SendService = new SmtpSendService(Pool, new EmailMessageBuilder(Downloads.Object, FileProvider.Object), SendLog.Object, Protector);
        Sender = new SmtpEmailSender(settings, SendService, new NopEmailSender(NopSender.Object), Logger.Object, new SettingsProblemReporter());
    }

    public SmtpSettings Settings { get; }

    public PasswordProtector Protector { get; }

    public SmtpConnectionPool Pool { get; } = new();

    public Mock<IDownloadService> Downloads { get; } = new();

    public Mock<INopFileProvider> FileProvider { get; } = new();

    public Mock<ISendLog> SendLog { get; } = new();

    public List<SmtpLogEntry> LogEntries { get; } = [];

    public Mock<IEmailSender> NopSender { get; } = new();

    public Mock<ILogger> Logger { get; } = new();

    public SmtpSendService SendService { get; }

    public SmtpEmailSender Sender { get; }

    /// <summary>
    /// Settings for a test server on 127.0.0.1.
    /// </summary>
    public static SmtpSettings SettingsFor(int port, SmtpSecurity security, SmtpAuthentication authentication = SmtpAuthentication.None,
        string username = null, CertificateCheck certificateCheck = CertificateCheck.Strict, string pinnedThumbprint = null)
    {
        return new SmtpSettings
        {
            Enabled = true,
            Host = "127.0.0.1",
            Port = port,
            Security = security,
            Authentication = authentication,
            Username = username,
            CertificateCheck = certificateCheck,
            PinnedThumbprint = pinnedThumbprint,
            TimeoutSeconds = 20
        };
    }

    public Task SendAsync(string subject = "Order #1001 confirmed", string body = "<p>Thank you for your order.</p>",
        string to = "customer@example.org", IEnumerable<string> bcc = null, IEnumerable<string> cc = null,
        string attachmentFilePath = null, string attachmentFileName = null, IDictionary<string, string> headers = null,
        string replyTo = null, string toName = "Ann Customer", string fromName = "Example Shop")
    {
        return Sender.SendEmailAsync(new Nop.Core.Domain.Messages.EmailAccount { Email = "shop@example.com" }, subject, body,
            "shop@example.com", fromName, to, toName, replyTo, replyTo == null ? null : "Help desk", bcc, cc,
            attachmentFilePath, attachmentFileName, 0, headers);
    }

    public async ValueTask DisposeAsync()
    {
        await Pool.DisposeAsync();
    }
}
