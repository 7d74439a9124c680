using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.DataProtection;
using Moq;
using Nop.Core.Domain.Customers;
using Nop.Core.Infrastructure;
using Nop.Data;
using Nop.Plugin.Misc.Smtp.Domain;
using Nop.Plugin.Misc.Smtp.Services;
using Nop.Services.Logging;
using Nop.Services.Media;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Nop.Plugin.Misc.Smtp.Tests.Services;

/// <summary>
/// A real send to a local SMTP server while the send log's table cannot be written: the email still counts as sent.
/// </summary>
public sealed class SendLogFailureDoesNotFailSendTests : IAsyncDisposable
{
    /// <summary>
    /// Counts the messages the local server accepted.
    /// </summary>
    private sealed class CountingStore : MessageStore
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction,
            ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _count);
            return Task.FromResult(SmtpResponse.Ok);
        }
    }

    private readonly CountingStore _store = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly SmtpServer.SmtpServer _server;
    private readonly Task _serverTask;
    private readonly int _port;
    private readonly SmtpConnectionPool _pool = new();

    public SendLogFailureDoesNotFailSendTests()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        _port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();

        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(builder => builder.Endpoint(new IPEndPoint(IPAddress.Loopback, _port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(_store);
        _server = new SmtpServer.SmtpServer(options, services);
        _serverTask = _server.StartAsync(_stop.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _pool.DisposeAsync();
        _stop.Cancel();
        try
        {
            await _serverTask;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    [Fact]
    public async Task Send_WhenTheLogTableThrows_StillSucceeds_AndTheProblemGoesToNopCommercesLog()
    {
        var repository = new Mock<IRepository<SmtpLogEntry>>();
        repository.Setup(repo => repo.InsertAsync(It.IsAny<SmtpLogEntry>(), It.IsAny<bool>()))
            .ThrowsAsync(new InvalidOperationException("SmtpLogEntry table is missing"));
        var logger = new Mock<ILogger>();
        var protector = new PasswordProtector(new EphemeralDataProtectionProvider());
        var service = new SmtpSendService(_pool,
            new EmailMessageBuilder(Mock.Of<IDownloadService>(), Mock.Of<INopFileProvider>()),
            new SendLogWriter(repository.Object, logger.Object), protector);
        var settings = new SmtpSettings
        {
            Enabled = true, Host = "127.0.0.1", Port = _port, Security = SmtpSecurity.None,
            Authentication = SmtpAuthentication.None
        };
        Assert.True(service.TryCreateEndpoint(settings, string.Empty, out var endpoint, out var problem), problem);

        var result = await service.SendAsync(new EmailRequest
        {
            Subject = "Your order", Body = "<p>Thanks</p>", FromAddress = "shop@example.com", ToAddress = "jane@example.com"
        }, settings, endpoint, new SendOptions(), CancellationToken.None);

        Assert.NotNull(result);
        Assert.Equal(1, _store.Count);
        logger.Verify(log => log.ErrorAsync(It.Is<string>(message => message.Contains("SmtpLogEntry table is missing")),
            It.IsAny<Exception>(), It.IsAny<Customer>()), Times.Once);
    }
}
