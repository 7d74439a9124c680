using Microsoft.AspNetCore.DataProtection;
using Moq;
using Nop.Core;
using Nop.Core.Domain.Media;
using Nop.Core.Domain.Messages;
using Nop.Core.Infrastructure;
using Nop.Plugin.Misc.Smtp.Benchmark.Fakes;
using Nop.Plugin.Misc.Smtp.Benchmark.Loopback;
using Nop.Plugin.Misc.Smtp.Domain;
using Nop.Plugin.Misc.Smtp.Services;
using Nop.Services.Logging;
using Nop.Services.Media;
using Nop.Services.Messages;
using Xunit;
using ClaimRepository = Nop.Plugin.Misc.Smtp.Benchmark.Fakes.InMemoryRepository<Nop.Plugin.Misc.Smtp.Domain.QueuedEmailClaim>;

namespace Nop.Plugin.Misc.Smtp.Tests.Services;

/// <summary>
/// The plugin's queue task: nopCommerce's rules for sent, transient and permanent failures, and claims that keep
/// overlapping runs from sending an email twice. nopCommerce's queue service is mocked; the SMTP server is real.
/// </summary>
public sealed class SmtpQueuedMessagesSendTaskTests : IAsyncLifetime
{
    private readonly List<QueuedEmail> _queue = [];
    private readonly EmailAccount _account = new() { Id = 7, Email = "shop@example.com", MaxNumberOfEmails = 50 };
    private readonly Mock<IQueuedEmailService> _queuedEmailService = new();
    private readonly Mock<IEmailAccountService> _emailAccountService = new();
    private readonly Mock<ILogger> _logger = new();
    private readonly Mock<ISendLog> _sendLog = new();
    private readonly List<SmtpLogEntry> _logEntries = [];
    private readonly ClaimRepository _claims = new(claim => claim.QueuedEmailId);
    private readonly PasswordProtector _protector = new(new EphemeralDataProtectionProvider());
    private LoopbackSmtpServer _server;
    private SmtpConnectionPool _pool;
    private SmtpSettings _settings;

    public Task InitializeAsync()
    {
        _server = new LoopbackSmtpServer();
        _pool = new SmtpConnectionPool();
        _settings = new SmtpSettings
        {
            Enabled = true,
            Host = "127.0.0.1",
            Port = _server.Port,
            Security = SmtpSecurity.None,
            Authentication = SmtpAuthentication.None,
            TimeoutSeconds = 10
        };

        _queuedEmailService
            .Setup(service => service.SearchEmailsAsync(null, null, null, null, true, true, 3, false, 0, int.MaxValue))
            .ReturnsAsync(() =>
            {
                lock (_queue)
                {
                    var due = _queue.Where(email => email.SentOnUtc == null && email.SentTries < 3).ToList();
                    return (IPagedList<QueuedEmail>)new PagedList<QueuedEmail>(due, 0, int.MaxValue);
                }
            });
        _queuedEmailService
            .Setup(service => service.GetQueuedEmailsByIdsAsync(It.IsAny<int[]>()))
            .ReturnsAsync((int[] ids) =>
            {
                lock (_queue)
                    return _queue.Where(email => ids.Contains(email.Id)).ToList();
            });
        _emailAccountService.Setup(service => service.GetEmailAccountByIdAsync(_account.Id)).ReturnsAsync(_account);
        _sendLog
            .Setup(log => log.RecordAsync(It.IsAny<SmtpLogEntry>(), It.IsAny<CancellationToken>()))
            .Callback((SmtpLogEntry entry, CancellationToken _) =>
            {
                lock (_logEntries)
                    _logEntries.Add(entry);
            })
            .Returns(Task.CompletedTask);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _pool.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Execute_SendsTheQueue_MarksEachEmailSentAfterOneTry()
    {
        var emails = Enqueue(5);

        await CreateTask().ExecuteAsync();

        Assert.Equal(5, _server.MessageCount);
        Assert.All(emails, email =>
        {
            Assert.NotNull(email.SentOnUtc);
            Assert.Equal(1, email.SentTries);
            _queuedEmailService.Verify(service => service.UpdateQueuedEmailAsync(email), Times.Once);
        });
        Assert.All(_logEntries, entry => Assert.Equal(SendStatus.Sent, entry.Status));
        Assert.Equal(emails.Select(email => (int?)email.Id).Order(), _logEntries.Select(entry => entry.QueuedEmailId).Order());
    }

    [Fact]
    public async Task Execute_SendsNoMoreThanTheAccountsMaximumPerRun_InQueueOrder()
    {
        _account.MaxNumberOfEmails = 2;
        var emails = Enqueue(5);

        await CreateTask().ExecuteAsync();

        Assert.Equal(2, _server.MessageCount);
        Assert.NotNull(emails[0].SentOnUtc);
        Assert.NotNull(emails[1].SentOnUtc);
        Assert.All(emails.Skip(2), email => Assert.Equal(0, email.SentTries));
    }

    [Fact]
    public async Task Execute_TransientRejection_KeepsTheEmailQueuedWithOneMoreTry()
    {
        _server.RejectReply = "451 4.3.0 Temporary failure, try again later";
        _server.OnMessage = _ => AfterMessage.Reject;
        var email = Enqueue(1)[0];
        email.SentTries = 1;

        await CreateTask().ExecuteAsync();

        Assert.Null(email.SentOnUtc);
        Assert.Equal(2, email.SentTries);
        Assert.Equal(2, _logEntries.Single().Attempt);
        _queuedEmailService.Verify(service => service.UpdateQueuedEmailAsync(email), Times.Once);
        _logger.Verify(logger => logger.ErrorAsync(It.Is<string>(text => text.StartsWith("Error sending email.")), It.IsAny<Exception>(), null), Times.Once);
    }

    [Fact]
    public async Task Execute_PermanentRejection_MarksTheEmailTriedOutInsteadOfRetryingIt()
    {
        _server.RejectReply = "550 5.7.1 Message refused";
        _server.OnMessage = _ => AfterMessage.Reject;
        var email = Enqueue(1)[0];

        await CreateTask().ExecuteAsync();

        Assert.Null(email.SentOnUtc);
        Assert.Equal(SmtpQueuedMessagesSendTask.MaxTries, email.SentTries);
        Assert.Equal(SendStatus.Failed, _logEntries.Single().Status);
        _logger.Verify(logger => logger.ErrorAsync(It.Is<string>(text => text.Contains("not retried")), It.IsAny<Exception>(), null), Times.Once);
    }

    [Fact]
    public async Task Execute_ConnectionBreaksAfterTheWholeMessage_MarksItSentWithUnknownOutcomeAndDoesNotResend()
    {
        _server.OnMessage = _ => AfterMessage.DropWithoutReply;
        var email = Enqueue(1)[0];

        await CreateTask().ExecuteAsync();
        await CreateTask().ExecuteAsync();

        Assert.Single(_server.Messages);
        Assert.NotNull(email.SentOnUtc);
        Assert.Equal(1, email.SentTries);
        Assert.Equal(SendStatus.Unknown, _logEntries.Single().Status);
    }

    [Fact]
    public async Task Execute_RejectedCredentials_CountOneTryWithoutMarkingEmailsTriedOut()
    {
        await using var server = new LoopbackSmtpServer(username: "shop", password: "right");
        _settings.Port = server.Port;
        _settings.Authentication = SmtpAuthentication.Login;
        _settings.Username = "shop";
        _settings.ProtectedPassword = _protector.Protect("wrong");
        _settings.MaxParallelSends = 1;
        var emails = Enqueue(3);

        await CreateTask().ExecuteAsync();

        Assert.Equal(0, server.MessageCount);
        Assert.Equal(1, emails[0].SentTries);
        Assert.Null(emails[0].SentOnUtc);
    }

    [Fact]
    public async Task Execute_ServerUnreachable_StopsTheRunAndLeavesTheRemainingEmailsUntouched()
    {
        var closed = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        _settings.Port = ((System.Net.IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        _settings.MaxParallelSends = 1;
        var emails = Enqueue(4);

        await CreateTask().ExecuteAsync();

        Assert.Equal(1, emails[0].SentTries);
        Assert.All(emails.Skip(1), email => Assert.Equal(0, email.SentTries));
        Assert.All(emails, email => Assert.Null(email.SentOnUtc));
        Assert.Empty(_claims.Rows);
    }

    [Fact]
    public async Task Execute_EmailClaimedByAnotherRun_IsLeftAlone()
    {
        var emails = Enqueue(3);
        await _claims.InsertAsync(new QueuedEmailClaim { QueuedEmailId = emails[1].Id, ClaimedOnUtc = DateTime.UtcNow, Owner = "other node" });

        await CreateTask().ExecuteAsync();

        Assert.Equal(2, _server.MessageCount);
        Assert.DoesNotContain(_server.Messages, message => message.Data.Contains($"Subject: {emails[1].Subject}\r\n"));
        Assert.Equal(0, emails[1].SentTries);
        _queuedEmailService.Verify(service => service.UpdateQueuedEmailAsync(emails[1]), Times.Never);
        Assert.Single(_claims.Rows);
    }

    [Fact]
    public async Task Execute_StaleClaimFromACrashedRun_IsTakenOver()
    {
        var email = Enqueue(1)[0];
        await _claims.InsertAsync(new QueuedEmailClaim { QueuedEmailId = email.Id, ClaimedOnUtc = DateTime.UtcNow.AddHours(-1), Owner = "crashed" });

        await CreateTask().ExecuteAsync();

        Assert.Equal(1, _server.MessageCount);
        Assert.NotNull(email.SentOnUtc);
        Assert.Empty(_claims.Rows);
    }

    [Fact]
    public async Task Execute_TwoOverlappingRuns_SendEveryEmailExactlyOnce()
    {
        var emails = Enqueue(40);
        _settings.MaxParallelSends = 3;
        _settings.MaxConnections = 3;

        await Task.WhenAll(Task.Run(() => CreateTask().ExecuteAsync()), Task.Run(() => CreateTask().ExecuteAsync()));

        Assert.Equal(40, _server.MessageCount);
        foreach (var email in emails)
        {
            Assert.Single(_server.Messages, message => message.Data.Contains($"Subject: {email.Subject}\r\n"));
            Assert.Equal(1, email.SentTries);
        }

        Assert.Empty(_claims.Rows);
    }

    [Fact]
    public async Task Execute_WhenThePluginIsDisabled_RunsNopCommercesOwnTask()
    {
        _settings.Enabled = false;
        Enqueue(1);

        // The reference facade's base task throws: reaching it is the proof that nopCommerce's task runs.
        var failure = await Assert.ThrowsAsync<NotSupportedException>(() => CreateTask().ExecuteAsync());

        Assert.Equal("Reference facade", failure.Message);
        Assert.Equal(0, _server.SessionsAccepted);
        Assert.Empty(_claims.Rows);
    }

    private List<QueuedEmail> Enqueue(int count)
    {
        lock (_queue)
        {
            var added = Enumerable.Range(_queue.Count + 1, count).Select(id => new QueuedEmail
            {
                Id = id,
                EmailAccountId = _account.Id,
                From = "shop@example.com",
                FromName = "Shop",
                To = $"customer{id}@example.com",
                Subject = $"Queued email {id}",
                Body = $"<p>Email {id}</p>",
                CreatedOnUtc = DateTime.UtcNow.AddMinutes(-count + id)
            }).ToList();
            _queue.AddRange(added);
            return added;
        }
    }

    private SmtpQueuedMessagesSendTask CreateTask()
    {
        var builder = new EmailMessageBuilder(Mock.Of<IDownloadService>(), Mock.Of<INopFileProvider>());
        var sendService = new SmtpSendService(_pool, builder, _sendLog.Object, _protector);
        return new SmtpQueuedMessagesSendTask(_emailAccountService.Object, Mock.Of<IEmailSender>(), _logger.Object, _queuedEmailService.Object,
            _settings, sendService, new QueuedEmailClaimService(_claims));
    }
}
