using Nop.Plugin.Misc.Smtp.Domain;
using Nop.Plugin.Misc.Smtp.Services;
using Nop.Plugin.Misc.Smtp.Tests.Infrastructure;
using Xunit;

namespace Nop.Plugin.Misc.Smtp.Tests.Hardening;

/// <summary>
/// Error replies to MAIL, RCPT, DATA and the end of the message, from the shared ScriptedSmtpServer (which pipelines):
/// classified, named, logged, and never half-sent.
/// </summary>
public sealed class ReplyFaultTests
{
    private static ScriptedSmtpServer Start(Func<string, Reply> onCommand, Func<ReceivedMessage, Reply> onMessageEnd = null,
        bool withUser = false)
    {
        var options = new ScriptedSmtpServerOptions
        {
            OnCommand = (line, _, _) => onCommand(line),
            OnMessageEnd = onMessageEnd
        };
        if (withUser)
            options.Users[SenderHarness.Username] = SenderHarness.Password;
        return ScriptedSmtpServer.Start(options);
    }

    private static bool Is(string line, string verb) => line.StartsWith(verb, StringComparison.OrdinalIgnoreCase);

    private static IEnumerable<string> AllCommands(ScriptedSmtpServer server) => server.Connections.SelectMany(connection => connection.Commands);

    [Theory]
    [InlineData("MAIL", "451 4.3.0 Temporary sender problem", SmtpFailureReason.Sender, false)]
    [InlineData("MAIL", "550 5.7.1 Sender not allowed", SmtpFailureReason.Sender, true)]
    [InlineData("RCPT", "450 4.2.1 Mailbox busy", SmtpFailureReason.Recipient, false)]
    [InlineData("RCPT", "550 5.1.1 No such user", SmtpFailureReason.Recipient, true)]
    [InlineData("DATA", "451 4.3.0 Try DATA later", SmtpFailureReason.Message, false)]
    [InlineData("DATA", "554 5.5.0 No valid recipients", SmtpFailureReason.Message, true)]
    [InlineData("DOT", "451 4.7.1 Greylisted, try later", SmtpFailureReason.Message, false)]
    [InlineData("DOT", "554 5.7.1 Message rejected as spam", SmtpFailureReason.Message, true)]
    public async Task Send_ErrorReply_FailsWithTheReasonTheReplyAndWhetherItIsPermanent(string step, string reply,
        SmtpFailureReason reason, bool permanent)
    {
        await using var server = Start(line => Is(line, step) ? reply : null, step == "DOT" ? _ => reply : null);
        await using var harness = new SenderHarness().UseServer(server.Port);

        var (failure, entry, _) = await FaultAssert.FailsAsync(harness, reason);

        Assert.Equal(int.Parse(reply[..3]), failure.ReplyCode);
        Assert.Equal(permanent, failure.IsPermanent);
        Assert.Contains(reply[4..], failure.Message);
        Assert.Contains(reply[4..], entry.ServerReply);
        Assert.Contains(reply[4..], entry.Transcript);
        Assert.Empty(server.Messages);
    }

    [Fact]
    public async Task Send_OneRecipientOfSeveralRejected_FailsNamingThatRecipientAndSendsNoContent()
    {
        await using var server = Start(line => Is(line, "RCPT") && line.Contains("gone@example.org") ? "550 5.1.1 <gone@example.org>: no such user" : null);
        await using var harness = new SenderHarness().UseServer(server.Port);

        var (failure, entry, _) = await FaultAssert.FailsAsync(harness, SmtpFailureReason.Recipient,
            h => h.SendAsync(cc: ["ok1@example.org", "gone@example.org"], bcc: ["ok2@example.org"]));

        Assert.Equal("gone@example.org", failure.Mailbox);
        Assert.Contains("gone@example.org", failure.Message);
        Assert.Contains("gone@example.org", entry.Error);
        Assert.Empty(server.AllMessages);
    }

    [Fact]
    public async Task Send_TooManyRecipients452_FailsAsTransientRecipientFailure()
    {
        var recipients = 0;
        await using var server = Start(line => Is(line, "RCPT") && Interlocked.Increment(ref recipients) > 2 ? "452 4.5.3 Too many recipients" : null);
        await using var harness = new SenderHarness().UseServer(server.Port);

        var (failure, _, _) = await FaultAssert.FailsAsync(harness, SmtpFailureReason.Recipient,
            h => h.SendAsync(bcc: Enumerable.Range(0, 5).Select(i => $"b{i}@example.org")));

        Assert.Equal(452, failure.ReplyCode);
        Assert.False(failure.IsPermanent);
        Assert.Contains("Too many recipients", failure.Message);
        Assert.Empty(server.AllMessages);
    }

    [Theory]
    [InlineData("MAIL")]
    [InlineData("DOT")]
    public async Task Send_TooLarge552_FailsWithAReadableError(string step)
    {
        const string reply = "552 5.3.4 Message size exceeds fixed limit";
        await using var server = Start(line => Is(line, step) ? reply : null, step == "DOT" ? _ => reply : null);
        await using var harness = new SenderHarness().UseServer(server.Port);

        var (failure, _, _) = await FaultAssert.FailsAsync(harness, step == "MAIL" ? SmtpFailureReason.Sender : SmtpFailureReason.Message);

        Assert.Equal(552, failure.ReplyCode);
        Assert.Contains("size exceeds", failure.Message);
        if (step == "DOT")
            Assert.Contains("too large", failure.Message);
        Assert.Empty(server.Messages);
    }

    [Fact]
    public async Task Send_AuthenticationRejected_FailsAsAuthAndSendsNoEnvelope()
    {
        await using var server = Start(line => Is(line, "AUTH") ? "535 5.7.8 Authentication credentials invalid" : null, withUser: true);
        await using var harness = new SenderHarness().UseServer(server.Port, authentication: SmtpAuthentication.Plain);

        var (failure, _, _) = await FaultAssert.FailsAsync(harness, SmtpFailureReason.Auth);

        Assert.Equal(535, failure.ReplyCode);
        Assert.DoesNotContain("MAIL", AllCommands(server));
    }

    [Fact]
    public async Task Send_AfterARejectedRecipient_TheSameConnectionSendsTheNextEmail()
    {
        await using var server = Start(line => Is(line, "RCPT") && line.Contains("gone@example.org") ? "550 5.1.1 no such user" : null);
        await using var harness = new SenderHarness().UseServer(server.Port);

        await FaultAssert.FailsAsync(harness, SmtpFailureReason.Recipient, h => h.SendAsync(to: "gone@example.org"));
        await harness.SendAsync(subject: "next");

        var delivered = Assert.Single(server.Messages);
        Assert.Equal("next", delivered.Parsed.Subject);
        Assert.Equal(new[] { "customer@example.com" }, delivered.EnvelopeRecipients);
        Assert.Equal(0, delivered.ConnectionIndex);
    }
}
