using MimeKit;
using Nop.Plugin.Misc.Smtp.Benchmark.Loopback;
using Nop.Plugin.Misc.Smtp.Domain;
using Nop.Plugin.Misc.Smtp.Services;
using Xunit;

namespace Nop.Plugin.Misc.Smtp.Tests.Services;

/// <summary>
/// The connection pool against a real SMTP server on 127.0.0.1.
/// </summary>
public sealed class SmtpConnectionPoolTests : IAsyncLifetime
{
    private static readonly TimeSpan _patience = TimeSpan.FromSeconds(10);

    private LoopbackSmtpServer _server;
    private SmtpConnectionPool _pool;

    public Task InitializeAsync()
    {
        _server = new LoopbackSmtpServer();
        _pool = new SmtpConnectionPool();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _pool.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Send_ManyEmailsOneAfterAnother_UsesOneConnection()
    {
        var endpoint = PlainEndpoint(_server.Port);

        for (var i = 0; i < 20; i++)
            await _pool.SendAsync(endpoint, Message($"email {i}"), false, CancellationToken.None);

        Assert.Equal(20, _server.MessageCount);
        Assert.Equal(1, _server.SessionsAccepted);
        Assert.Equal(1, _pool.ConnectionsOpened);
    }

    [Fact]
    public async Task Send_OverStartTlsWithAuthAndPinnedCertificate_ReusesTheAuthenticatedConnection()
    {
        var certificate = TestCertificate.Create();
        await using var server = new LoopbackSmtpServer(certificate, "shop", "secret");
        var endpoint = PlainEndpoint(server.Port) with
        {
            Security = SmtpSecurity.StartTlsRequired,
            Authentication = SmtpAuthentication.Auto,
            Username = "shop",
            Password = "secret",
            CertificateCheck = CertificateCheck.Pinned,
            PinnedThumbprint = TestCertificate.Sha256(certificate)
        };

        var first = await _pool.SendAsync(endpoint, Message("first"), false, CancellationToken.None);
        var second = await _pool.SendAsync(endpoint, Message("second"), false, CancellationToken.None);

        Assert.Equal(2, server.MessageCount);
        Assert.Equal(1, server.SessionsAccepted);
        Assert.False(first.ReusedConnection);
        Assert.True(second.ReusedConnection);
        Assert.NotNull(second.Session.TlsProtocol);
    }

    [Fact]
    public async Task IdleConnection_IsClosedWithQuitAfterTheIdleTimeout()
    {
        var endpoint = PlainEndpoint(_server.Port) with { IdleTimeout = TimeSpan.FromSeconds(1) };
        await _pool.SendAsync(endpoint, Message("only"), false, CancellationToken.None);
        Assert.Equal(1, _server.OpenSessions);

        var closed = await _server.WaitForNoSessionsAsync(_patience);

        Assert.True(closed);
        Assert.Equal(1, _server.QuitCount);
        Assert.Equal(0, _pool.OpenConnections);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ServerDropsTheConnectionBetweenEmails_TheNextEmailArrivesExactlyOnceOverANewConnection(bool bdatOverSlowLink)
    {
        // The first session goes away when the second email starts, as a server restarting or closing idle sessions.
        _server.DropAtMailFrom = (session, accepted) => session == 1 && accepted == 1;
        await using var link = await LinkAsync(bdatOverSlowLink);

        await _pool.SendAsync(link.Endpoint, Message("first"), false, CancellationToken.None);
        var result = await _pool.SendAsync(link.Endpoint, Message("second"), false, CancellationToken.None);

        Assert.Equal(2, result.Attempts);
        Assert.Single(_server.Messages, message => message.Data.Contains("Subject: second"));
        Assert.Single(_server.Messages, message => message.Data.Contains("Subject: first"));
        Assert.Equal(2, _server.SessionsAccepted);
        Assert.Equal(bdatOverSlowLink, _server.BdatCount > 0);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ServerDropsAfterTheWholeMessageWasSent_TheOutcomeIsUnknownAndNothingIsResent(bool bdatOverSlowLink)
    {
        _server.OnMessage = message => message.Data.Contains("Subject: once only") ? AfterMessage.DropWithoutReply : AfterMessage.Accept;
        await using var link = await LinkAsync(bdatOverSlowLink);
        // A pooled connection first: the one case where the pool would otherwise retry a broken send.
        await _pool.SendAsync(link.Endpoint, Message("earlier"), false, CancellationToken.None);
        var before = _server.Messages.Count;

        var failure = await Assert.ThrowsAsync<SmtpSendException>(() =>
            _pool.SendAsync(link.Endpoint, Message("once only"), false, CancellationToken.None));

        Assert.Equal(SmtpFailureReason.OutcomeUnknown, failure.Reason);
        Assert.Equal(before + 1, _server.Messages.Count);
        Assert.Single(_server.Messages, message => message.Data.Contains("Subject: once only"));
        Assert.Equal(1, _server.SessionsAccepted);
        Assert.Equal(bdatOverSlowLink, _server.BdatCount > 0);
    }

    [Fact]
    public async Task OverALinkWithARealRoundTrip_SendsWithBdat_WhenTheServerOffersChunking()
    {
        await using var link = await LinkAsync(bdatOverSlowLink: true);

        await _pool.SendAsync(link.Endpoint, Message("one"), false, CancellationToken.None);
        await _pool.SendAsync(link.Endpoint, Message("two"), false, CancellationToken.None);

        Assert.Equal(2, _server.BdatCount);
        Assert.Equal(2, _server.MessageCount);
    }

    [Fact]
    public async Task SettingsChange_RetiresTheConnectionsOpenedWithTheOldSettings()
    {
        var oldSettings = PlainEndpoint(_server.Port);
        var newSettings = oldSettings with { LocalDomain = "shop.example.com" };
        await _pool.SendAsync(oldSettings, Message("old"), false, CancellationToken.None);

        await _pool.SendAsync(newSettings, Message("new"), false, CancellationToken.None);
        var until = DateTime.UtcNow + _patience;
        while (_server.QuitCount < 1 && DateTime.UtcNow < until)
            await Task.Delay(10);

        Assert.Equal(2, _server.SessionsAccepted);
        Assert.Equal(1, _server.QuitCount);
        Assert.Equal(1, _pool.OpenConnections);
    }

    [Fact]
    public async Task ManyParallelSenders_EveryEmailArrivesOnce_AndConnectionsNeverExceedTheMaximum()
    {
        var endpoint = PlainEndpoint(_server.Port) with { MaxConnections = 3 };
        var subjects = Enumerable.Range(1, 60).Select(i => $"parallel {i}").ToList();

        await Task.WhenAll(subjects.Select(subject => Task.Run(() => _pool.SendAsync(endpoint, Message(subject), false, CancellationToken.None))));

        Assert.Equal(60, _server.MessageCount);
        foreach (var subject in subjects)
            Assert.Single(_server.Messages, message => message.Data.Contains($"Subject: {subject}\r\n"));
        Assert.InRange(_server.PeakSessions, 1, 3);
        Assert.InRange(_pool.PeakConnections, 1, 3);
    }

    [Fact]
    public async Task Dispose_ClosesIdleConnectionsWithQuit()
    {
        await _pool.SendAsync(PlainEndpoint(_server.Port), Message("before shutdown"), false, CancellationToken.None);

        await _pool.DisposeAsync();
        var closed = await _server.WaitForNoSessionsAsync(_patience);

        Assert.True(closed);
        Assert.Equal(1, _server.QuitCount);
    }

    /// <summary>
    /// Either a slow link (a proxy adding 2 ms each way) to a server offering CHUNKING, where the pool uses BDAT, or
    /// plain loopback to a server without CHUNKING, where it uses DATA.
    /// </summary>
    private Task<Link> LinkAsync(bool bdatOverSlowLink)
    {
        _server.AdvertiseChunking = bdatOverSlowLink;
        var proxy = bdatOverSlowLink ? new DelayProxy(_server.Port, TimeSpan.FromMilliseconds(2)) : null;
        return Task.FromResult(new Link(PlainEndpoint(proxy?.Port ?? _server.Port), proxy));
    }

    private sealed record Link(SmtpEndpoint Endpoint, DelayProxy Proxy) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            if (Proxy != null)
                await Proxy.DisposeAsync();
        }
    }

    internal static SmtpEndpoint PlainEndpoint(int port)
    {
        return new SmtpEndpoint
        {
            Host = "127.0.0.1",
            Port = port,
            Security = SmtpSecurity.None,
            Authentication = SmtpAuthentication.None,
            Timeout = TimeSpan.FromSeconds(10)
        };
    }

    private static MimeMessage Message(string subject)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse("shop@example.com"));
        message.To.Add(MailboxAddress.Parse("customer@example.com"));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = $"Body of {subject}" };
        return message;
    }
}
