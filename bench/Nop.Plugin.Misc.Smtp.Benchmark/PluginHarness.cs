using Microsoft.AspNetCore.DataProtection;
using Nop.Core.Domain.Messages;
using Nop.Plugin.Misc.Smtp.Benchmark.Fakes;
using Nop.Plugin.Misc.Smtp.Domain;
using Nop.Plugin.Misc.Smtp.Services;

namespace Nop.Plugin.Misc.Smtp.Benchmark;

/// <summary>
/// The plugin wired as the store's container would wire it, with in-memory stand-ins for nopCommerce's database
/// services and a fresh connection pool.
/// </summary>
public sealed class PluginHarness : IAsyncDisposable
{
    public PluginHarness(int port, string pinnedThumbprint, string username, string password, bool keepSendLog)
    {
        var protector = new PasswordProtector(new EphemeralDataProtectionProvider());
        Settings = new SmtpSettings
        {
            Enabled = true,
            Host = "127.0.0.1",
            Port = port,
            Security = SmtpSecurity.StartTlsRequired,
            Authentication = SmtpAuthentication.Auto,
            Username = username,
            ProtectedPassword = protector.Protect(password),
            CertificateCheck = CertificateCheck.Pinned,
            PinnedThumbprint = pinnedThumbprint
        };
        Pool = new SmtpConnectionPool();
        SendLog = new MemorySendLog(keepSendLog);
        Logger = new MemoryLogger();
        Downloads = new MemoryDownloadService();
        SendService = new SmtpSendService(Pool, new EmailMessageBuilder(Downloads, new LocalFileProvider()), SendLog, protector);
        Sender = new SmtpEmailSender(Settings, SendService, new NopEmailSender(null), Logger, new SettingsProblemReporter());
    }

    public SmtpSettings Settings { get; }

    public SmtpConnectionPool Pool { get; }

    public MemorySendLog SendLog { get; }

    public MemoryLogger Logger { get; }

    public MemoryDownloadService Downloads { get; }

    public SmtpSendService SendService { get; }

    public SmtpEmailSender Sender { get; }

    public EmailAccount Account { get; } = new() { Id = 1, Email = "shop@example.com", DisplayName = "Example Shop", MaxNumberOfEmails = 50 };

    /// <summary>
    /// The plugin's queue task over an in-memory queue holding the emails.
    /// </summary>
    public (SmtpQueuedMessagesSendTask Task, InMemoryQueue Queue) CreateQueueTask(IReadOnlyList<Email> emails)
    {
        var queue = new InMemoryQueue();
        Account.MaxNumberOfEmails = emails.Count;
        queue.AddAccount(Account);
        var created = DateTime.UtcNow.AddMinutes(-10);
        foreach (var email in emails)
        {
            queue.Add(new QueuedEmail
            {
                From = email.From,
                FromName = email.FromName,
                To = email.To,
                ToName = email.ToName,
                Subject = email.Subject,
                Body = email.Body,
                AttachmentFilePath = email.AttachmentPath,
                EmailAccountId = Account.Id,
                CreatedOnUtc = created = created.AddMilliseconds(1)
            });
        }

        var claims = new QueuedEmailClaimService(new InMemoryRepository<QueuedEmailClaim>(claim => claim.QueuedEmailId));
        return (new SmtpQueuedMessagesSendTask(queue, Sender, Logger, queue, Settings, SendService, claims), queue);
    }

    public async ValueTask DisposeAsync()
    {
        await Pool.DisposeAsync();
    }
}
