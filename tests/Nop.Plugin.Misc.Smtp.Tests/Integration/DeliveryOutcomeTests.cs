using Nop.Plugin.Misc.Smtp.Domain;
using Nop.Plugin.Misc.Smtp.Services;
using Nop.Plugin.Misc.Smtp.Tests.Infrastructure;

namespace Nop.Plugin.Misc.Smtp.Tests.Integration;

/// <summary>
/// Nothing goes out twice: a message is sent again only when the server cannot have accepted it.
/// </summary>
public class DeliveryOutcomeTests
{
    [Fact]
    public async Task ConnectionDroppedAfterTheFinalDot_IsAnUnknownOutcome_AndIsNotSentAgain()
    {
        await using var server = ScriptedSmtpServer.Start(new ScriptedSmtpServerOptions
        {
            OnMessageEnd = _ => Reply.Disconnect
        });
        await using var harness = new SenderHarness().UseServer(server.Port, SmtpSecurity.None);

        var failure = await Assert.ThrowsAsync<SmtpSendException>(() => harness.SendAsync());

        Assert.Equal(SmtpFailureReason.OutcomeUnknown, failure.Reason);
        Assert.Single(server.AllMessages);
        Assert.Equal(1, server.ConnectionsAccepted);
        Assert.Equal(SendStatus.Unknown, Assert.Single(harness.Log.Entries).Status);
    }

    [Fact]
    public async Task PooledConnectionClosedByTheServerBetweenEmails_IsReplaced_AndTheEmailArrivesOnce()
    {
        await using var server = ScriptedSmtpServer.Start(new ScriptedSmtpServerOptions
        {
            // The server accepts the first message, then drops the session when the next one starts.
            OnCommand = (line, connection, messagesEnded) =>
                connection == 0 && messagesEnded == 1 && line.StartsWith("MAIL", StringComparison.OrdinalIgnoreCase)
                    ? Reply.Disconnect
                    : null
        });
        await using var harness = new SenderHarness().UseServer(server.Port, SmtpSecurity.None);

        await harness.SendAsync(subject: "first");
        await harness.SendAsync(subject: "second");

        Assert.Equal(["first", "second"], server.Messages.Select(message => message.Parsed.Subject));
        Assert.Equal(2, server.ConnectionsAccepted);
        Assert.All(harness.Log.Entries, entry => Assert.Equal(SendStatus.Sent, entry.Status));
    }

    [Fact]
    public async Task RejectedRecipient_KeepsTheConnection_ForTheNextEmail()
    {
        await using var server = ScriptedSmtpServer.Start(new ScriptedSmtpServerOptions
        {
            OnCommand = (line, _, _) => line.Contains("nobody@example.org", StringComparison.OrdinalIgnoreCase)
                ? "550 5.1.1 No such user"
                : null
        });
        await using var harness = new SenderHarness().UseServer(server.Port, SmtpSecurity.None);

        var failure = await Assert.ThrowsAsync<SmtpSendException>(() => harness.SendAsync(to: "nobody@example.org"));
        await harness.SendAsync(to: "customer@example.org");

        Assert.Equal(SmtpFailureReason.Recipient, failure.Reason);
        Assert.Equal("nobody@example.org", failure.Mailbox);
        Assert.Equal(["customer@example.org"], server.Messages.Single().EnvelopeRecipients);
        Assert.Equal(1, server.ConnectionsAccepted);
    }
}
