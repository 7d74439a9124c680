using Nop.Plugin.Misc.Smtp.Domain;
using Nop.Plugin.Misc.Smtp.Services;
using Xunit;

namespace Nop.Plugin.Misc.Smtp.Tests.Hardening;

/// <summary>
/// Error replies to MAIL, RCPT, DATA and the end of the message: classified, named, logged, and never half-sent.
/// </summary>
public sealed class ReplyFaultTests
{
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
        await using var server = FaultAssert.Server(FaultAssert.Always(step, FaultAction.Respond(reply)));
        await using var harness = new SenderHarness().UseServer(server.Port);

        var (failure, entry, _) = await FaultAssert.FailsAsync(harness, reason);

        Assert.Equal(int.Parse(reply[..3]), failure.ReplyCode);
        Assert.Equal(permanent, failure.IsPermanent);
        Assert.Contains(reply[4..], failure.Message);
        Assert.Contains(reply[4..], entry.ServerReply);
        Assert.Contains(reply[4..], entry.Transcript);
        Assert.Empty(server.Accepted);
    }

    [Fact]
    public async Task Send_OneRecipientOfSeveralRejected_FailsNamingThatRecipientAndSendsNoContent()
    {
        await using var server = FaultAssert.Server(step =>
            step.Step == "RCPT" && step.Line.Contains("gone@example.org") ? FaultAction.Respond("550 5.1.1 <gone@example.org>: no such user") : null);
        await using var harness = new SenderHarness().UseServer(server.Port);

        var (failure, entry, _) = await FaultAssert.FailsAsync(harness, SmtpFailureReason.Recipient,
            h => h.SendAsync(cc: ["ok1@example.org", "gone@example.org"], bcc: ["ok2@example.org"]));

        Assert.Equal("gone@example.org", failure.Mailbox);
        Assert.Contains("gone@example.org", failure.Message);
        Assert.Contains("gone@example.org", entry.Error);
        Assert.Empty(server.Messages);
        Assert.DoesNotContain(server.AllCommands, command => command == "DATA");
    }

    [Fact]
    public async Task Send_TooManyRecipients452_FailsAsTransientRecipientFailure()
    {
        await using var server = FaultAssert.Server(step =>
            step.Step == "RCPT" && step.State.Recipients.Count >= 2 ? FaultAction.Respond("452 4.5.3 Too many recipients") : null);
        await using var harness = new SenderHarness().UseServer(server.Port);

        var (failure, _, _) = await FaultAssert.FailsAsync(harness, SmtpFailureReason.Recipient,
            h => h.SendAsync(bcc: Enumerable.Range(0, 5).Select(i => $"b{i}@example.org")));

        Assert.Equal(452, failure.ReplyCode);
        Assert.False(failure.IsPermanent);
        Assert.Contains("Too many recipients", failure.Message);
        Assert.Empty(server.Messages);
    }

    [Theory]
    [InlineData("MAIL")]
    [InlineData("DOT")]
    public async Task Send_TooLarge552_FailsWithAReadableError(string step)
    {
        await using var server = FaultAssert.Server(FaultAssert.Always(step, FaultAction.Respond("552 5.3.4 Message size exceeds fixed limit")));
        await using var harness = new SenderHarness().UseServer(server.Port);

        var (failure, _, _) = await FaultAssert.FailsAsync(harness, step == "MAIL" ? SmtpFailureReason.Sender : SmtpFailureReason.Message);

        Assert.Equal(552, failure.ReplyCode);
        Assert.Contains("size exceeds", failure.Message);
        if (step == "DOT")
            Assert.Contains("too large", failure.Message);
        Assert.Empty(server.Accepted);
    }

    [Fact]
    public async Task Send_AuthenticationRejected_FailsAsAuthAndSendsNoEnvelope()
    {
        await using var server = FaultAssert.Server(FaultAssert.Always("AUTH", FaultAction.Respond("535 5.7.8 Authentication credentials invalid")));
        await using var harness = new SenderHarness().UseServer(server.Port, authentication: SmtpAuthentication.Plain);

        var (failure, _, _) = await FaultAssert.FailsAsync(harness, SmtpFailureReason.Auth);

        Assert.Equal(535, failure.ReplyCode);
        Assert.DoesNotContain(server.AllCommands, command => command.StartsWith("MAIL"));
    }

    [Fact]
    public async Task Send_AfterARejectedRecipient_TheSameConnectionSendsTheNextEmail()
    {
        await using var server = FaultAssert.Server(step =>
            step.Step == "RCPT" && step.Line.Contains("gone@example.org") ? FaultAction.Respond("550 5.1.1 no such user") : null);
        await using var harness = new SenderHarness().UseServer(server.Port);

        await FaultAssert.FailsAsync(harness, SmtpFailureReason.Recipient, h => h.SendAsync(to: "gone@example.org"));
        await harness.SendAsync(subject: "next");

        var delivered = Assert.Single(server.Accepted);
        Assert.Equal("next", delivered.Parse().Subject);
        Assert.Equal(new[] { "customer@example.com" }, delivered.Recipients);
    }
}
