using System.Net;
using System.Net.Sockets;
using Nop.Plugin.Misc.Smtp.Domain;
using Nop.Plugin.Misc.Smtp.Services;
using Xunit;
using Nop.Plugin.Misc.Smtp.Tests.Infrastructure;

namespace Nop.Plugin.Misc.Smtp.Tests.Hardening;

/// <summary>
/// Connection-level faults: each fails with a classified reason, is logged, reaches nopCommerce as an exception, and
/// never loses or duplicates the email.
/// </summary>
public sealed class ConnectionFaultTests
{
    private const int TimeoutSeconds = 2;

    [Fact]
    public async Task Send_ConnectionRefused_FailsAsConnect()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await using var harness = new SenderHarness().UseServer(port);

        var (failure, _, _) = await FaultAssert.FailsAsync(harness, SmtpFailureReason.Connect);

        Assert.Contains("refused the connection", failure.Message);
    }

    [Fact]
    public async Task Send_UnknownHost_FailsAsConnectNamingDns()
    {
        await using var harness = new SenderHarness();
        harness.Settings.Host = "nonexistent.invalid";

        var (failure, _, _) = await FaultAssert.FailsAsync(harness, SmtpFailureReason.Connect);

        Assert.Contains("nonexistent.invalid", failure.Message);
    }

    [Fact]
    public async Task Send_ServerAcceptsButNeverGreets_FailsAsTimeoutWithinTheTimeout()
    {
        await using var server = FaultAssert.Server(FaultAssert.Always("CONNECT", FaultAction.Hang()));
        await using var harness = new SenderHarness().UseServer(server.Port, timeoutSeconds: TimeoutSeconds);

        var (_, _, elapsed) = await FaultAssert.FailsAsync(harness, SmtpFailureReason.Timeout);

        Assert.True(elapsed < TimeSpan.FromSeconds(TimeoutSeconds + 10), $"Took {elapsed}.");
    }

    [Fact]
    public async Task Send_ServerStallsMidReply_FailsAsTimeoutWithinTheTimeout()
    {
        await using var server = FaultAssert.Server(FaultAssert.Always("EHLO", FaultAction.Hang("250-fault.test\r\n250-8BITMIME\r\n")));
        await using var harness = new SenderHarness().UseServer(server.Port, timeoutSeconds: TimeoutSeconds);

        var (_, _, elapsed) = await FaultAssert.FailsAsync(harness, SmtpFailureReason.Timeout);

        Assert.True(elapsed < TimeSpan.FromSeconds(TimeoutSeconds + 10), $"Took {elapsed}.");
    }

    [Fact]
    public async Task Send_ServerStallsAfterTheMessage_FailsAsOutcomeUnknownWithinTheTimeout()
    {
        await using var server = FaultAssert.Server(FaultAssert.Always("DOT", FaultAction.Hang()));
        await using var harness = new SenderHarness().UseServer(server.Port, timeoutSeconds: TimeoutSeconds);

        var (_, _, elapsed) = await FaultAssert.FailsAsync(harness, SmtpFailureReason.OutcomeUnknown);

        Assert.True(elapsed < TimeSpan.FromSeconds(TimeoutSeconds + 10), $"Took {elapsed}.");
        Assert.Single(server.Messages);
    }

    [Theory]
    [InlineData("421 4.3.2 Service not available, closing channel")]
    [InlineData("554 5.3.2 No SMTP service here")]
    public async Task Send_GreetingRefusesTheSession_FailsWithTheReply(string greeting)
    {
        await using var server = FaultAssert.Server(FaultAssert.Always("CONNECT", FaultAction.Respond(greeting)));
        await using var harness = new SenderHarness().UseServer(server.Port);

        var (failure, entry, _) = await FaultAssert.FailsAsync(harness, SmtpFailureReason.Connect);

        Assert.Equal(int.Parse(greeting[..3]), failure.ReplyCode);
        Assert.Contains(greeting[4..], entry.ServerReply);
        Assert.Empty(server.Messages);
    }

    [Theory]
    [InlineData("EHLO")]
    [InlineData("AUTH")]
    [InlineData("MAIL")]
    [InlineData("RCPT")]
    [InlineData("DATA")]
    public async Task Send_ConnectionResetDuringAStep_FailsAsConnectAndNothingIsDelivered(string step)
    {
        await using var server = FaultAssert.Server(FaultAssert.Always(step, FaultAction.Disconnect));
        await using var harness = new SenderHarness().UseServer(server.Port, authentication: SmtpAuthentication.Plain);

        var (failure, entry, _) = await FaultAssert.FailsAsync(harness, SmtpFailureReason.Connect);

        Assert.Empty(server.Messages);
        Assert.Contains("broke", failure.Message);
        Assert.False(string.IsNullOrEmpty(entry.Transcript));
        Assert.Equal(1, server.ConnectionCount);
    }

    [Fact]
    public async Task Send_ConnectionResetWhileTheBodyIsStillBeingSent_FailsAsConnectAndNothingIsDelivered()
    {
        await using var server = FaultAssert.Server(FaultAssert.Always("BODY", FaultAction.Disconnect));
        await using var harness = new SenderHarness().UseServer(server.Port);
        var body = "<p>" + string.Concat(Enumerable.Repeat("A long order confirmation line. ", 200_000)) + "</p>";

        var (failure, _, _) = await FaultAssert.FailsAsync(harness, SmtpFailureReason.Connect, h => h.SendAsync(body: body));

        Assert.Contains("broke", failure.Message);
        Assert.Empty(server.Messages);
    }

    [Fact]
    public async Task Send_ConnectionResetDuringASmallBody_IsOutcomeUnknownBecauseTheWholeMessageWasAlreadySent()
    {
        await using var server = FaultAssert.Server(FaultAssert.Always("BODY", FaultAction.Disconnect));
        await using var harness = new SenderHarness().UseServer(server.Port);

        await FaultAssert.FailsAsync(harness, SmtpFailureReason.OutcomeUnknown);

        Assert.Empty(server.Messages);
        Assert.Equal(1, server.ConnectionCount);
    }

    [Fact]
    public async Task Send_ConnectionResetDuringStartTls_FailsAndNothingIsSentInPlaintext()
    {
        using var certificate = FaultCertificates.Create("localhost");
        await using var server = new FaultSmtpServer(FaultAssert.Always("STARTTLS", FaultAction.Disconnect), certificate);
        await using var harness = new SenderHarness().UseServer(server.Port, SmtpSecurity.StartTlsRequired, SmtpAuthentication.Plain);

        var failure = await Assert.ThrowsAsync<SmtpSendException>(() => harness.SendAsync());

        Assert.Contains(failure.Reason, new[] { SmtpFailureReason.Connect, SmtpFailureReason.Tls });
        Assert.DoesNotContain(server.AllCommands, command => command.StartsWith("MAIL") || command.StartsWith("AUTH"));
        Assert.Empty(server.Messages);
        Assert.Equal(SendStatus.Failed, Assert.Single(harness.Log.Entries).Status);
    }

    [Fact]
    public async Task Send_ConnectionResetAfterTheFinalDot_IsOutcomeUnknownAndNotRetried()
    {
        await using var server = FaultAssert.Server(FaultAssert.Once("DOT", FaultAction.Disconnect));
        await using var harness = new SenderHarness().UseServer(server.Port);

        var (failure, _, _) = await FaultAssert.FailsAsync(harness, SmtpFailureReason.OutcomeUnknown);

        Assert.Contains("may or may not have accepted", failure.Message);
        Assert.Single(server.Messages);
        Assert.Equal(1, server.ConnectionCount);
    }

    [Fact]
    public async Task Send_AfterAFailure_TheNextSendOpensAFreshConnectionAndWorks()
    {
        await using var server = FaultAssert.Server(FaultAssert.Once("RCPT", FaultAction.Disconnect));
        await using var harness = new SenderHarness().UseServer(server.Port);

        await FaultAssert.FailsAsync(harness, SmtpFailureReason.Connect, h => h.SendAsync(subject: "first"));
        await harness.SendAsync(subject: "second");

        var delivered = Assert.Single(server.Accepted);
        Assert.Equal("second", delivered.Parse().Subject);
        Assert.Equal(2, server.ConnectionCount);
        Assert.Equal(2, delivered.Session);
        Assert.Equal(SendStatus.Sent, harness.Log.Entries[^1].Status);
    }

    [Fact]
    public async Task Send_AfterAnUnknownOutcome_TheBrokenConnectionIsNeverReused()
    {
        var messages = 0;
        await using var server = FaultAssert.Server(step =>
            step.Step == "DOT" && Interlocked.Increment(ref messages) == 2 ? FaultAction.Disconnect : null);
        await using var harness = new SenderHarness().UseServer(server.Port);

        await harness.SendAsync(subject: "one");
        await FaultAssert.FailsAsync(harness, SmtpFailureReason.OutcomeUnknown, h => h.SendAsync(subject: "two"));
        await harness.SendAsync(subject: "three");

        Assert.Equal(new[] { "one", "three" }, server.Accepted.Select(message => message.Parse().Subject));
        Assert.Equal(new[] { 1, 2 }, server.Accepted.Select(message => message.Session));
        Assert.Equal(3, server.Messages.Count);
        Assert.True(harness.Pool.OpenConnections <= 1);
    }

    [Fact]
    public async Task Send_PooledConnectionClosedByTheServerWhileIdle_IsReplacedAndTheEmailSentOnce()
    {
        var sessionsToDrop = 1;
        await using var server = FaultAssert.Server(step =>
            step.Step == "MAIL" && step.Session == 1 && step.State.Commands.Count(c => c.StartsWith("MAIL")) == 2
                && Interlocked.Exchange(ref sessionsToDrop, 0) == 1
                ? FaultAction.Respond("421 4.4.2 idle too long, closing")
                : null);
        await using var harness = new SenderHarness().UseServer(server.Port);

        await harness.SendAsync(subject: "one");
        await harness.SendAsync(subject: "two");

        Assert.Equal(new[] { "one", "two" }, server.Accepted.Select(message => message.Parse().Subject));
        Assert.Equal(2, server.ConnectionCount);
        Assert.All(harness.Log.Entries, entry => Assert.Equal(SendStatus.Sent, entry.Status));
    }
}
