using System.Net.Sockets;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Nop.Plugin.Misc.Smtp.Services;

namespace Nop.Plugin.Misc.Smtp.Tests.Services;

public class SmtpFailureClassifierTests
{
    private const string Server = "mail.example.com:587";

    [Theory]
    [InlineData(SocketError.HostNotFound, SmtpFailureReason.Connect, "could not be found")]
    [InlineData(SocketError.ConnectionRefused, SmtpFailureReason.Connect, "refused")]
    [InlineData(SocketError.TimedOut, SmtpFailureReason.Timeout, "timed out")]
    public void SocketErrors_AreNamedInPlainWords(SocketError error, SmtpFailureReason reason, string words)
    {
        var failure = SmtpFailureClassifier.Classify(new SocketException((int)error), SmtpPhase.Connect, Server, timedOut: false);

        Assert.Equal(reason, failure.Reason);
        Assert.Contains(words, failure.Message);
        Assert.Contains(Server, failure.Message);
    }

    [Fact]
    public void CommandError_OnRecipient_NamesTheRecipientAndKeepsTheReply()
    {
        var error = new SmtpCommandException(SmtpErrorCode.RecipientNotAccepted, SmtpStatusCode.MailboxUnavailable,
            new MailboxAddress("", "nobody@example.com"), "5.1.1 User unknown");

        var failure = SmtpFailureClassifier.Classify(error, SmtpPhase.Send, Server, timedOut: false);

        Assert.Equal(SmtpFailureReason.Recipient, failure.Reason);
        Assert.Equal(550, failure.ReplyCode);
        Assert.Equal("nobody@example.com", failure.Mailbox);
        Assert.Contains("nobody@example.com", failure.Message);
        Assert.Contains("5.1.1 User unknown", failure.Message);
        Assert.True(failure.IsPermanent);
    }

    [Fact]
    public void CommandError_OnSender_IsASenderFailure()
    {
        var error = new SmtpCommandException(SmtpErrorCode.SenderNotAccepted, SmtpStatusCode.MailboxNameNotAllowed,
            new MailboxAddress("", "shop@example.com"), "5.7.1 Sender address rejected");

        var failure = SmtpFailureClassifier.Classify(error, SmtpPhase.Send, Server, timedOut: false);

        Assert.Equal(SmtpFailureReason.Sender, failure.Reason);
        Assert.Equal("shop@example.com", failure.Mailbox);
    }

    [Fact]
    public void CommandError_552_SaysTheMessageIsTooLarge()
    {
        var error = new SmtpCommandException(SmtpErrorCode.MessageNotAccepted, SmtpStatusCode.ExceededStorageAllocation, "5.3.4 Message too big");

        var failure = SmtpFailureClassifier.Classify(error, SmtpPhase.Send, Server, timedOut: false);

        Assert.Equal(SmtpFailureReason.Message, failure.Reason);
        Assert.Contains("too large", failure.Message);
        Assert.Equal(552, failure.ReplyCode);
    }

    [Fact]
    public void CommandError_4xx_IsTransient()
    {
        var error = new SmtpCommandException(SmtpErrorCode.RecipientNotAccepted, SmtpStatusCode.MailboxBusy,
            new MailboxAddress("", "busy@example.com"), "4.2.0 Greylisted, try later");

        var failure = SmtpFailureClassifier.Classify(error, SmtpPhase.Send, Server, timedOut: false);

        Assert.False(failure.IsPermanent);
    }

    [Fact]
    public void AuthenticationException_IsAnAuthFailure()
    {
        var failure = SmtpFailureClassifier.Classify(new AuthenticationException("535: 5.7.8 Authentication credentials invalid"),
            SmtpPhase.Authenticate, Server, timedOut: false);

        Assert.Equal(SmtpFailureReason.Auth, failure.Reason);
        Assert.Equal(535, failure.ReplyCode);
        Assert.Equal("5.7.8 Authentication credentials invalid", failure.ServerReply);
    }

    [Fact]
    public void AuthenticationException_KeepsTheServersReplyWithoutRepeatingTheCode()
    {
        // As MailKit throws it: the message leads with the code, the inner exception holds the reply text.
        var reply = new SmtpCommandException(SmtpErrorCode.UnexpectedStatusCode, SmtpStatusCode.AuthenticationInvalidCredentials,
            "5.7.8 Authentication credentials invalid");
        var failure = SmtpFailureClassifier.Classify(new AuthenticationException("535: 5.7.8 Authentication credentials invalid", reply),
            SmtpPhase.Authenticate, Server, timedOut: false);

        Assert.Equal((535, "5.7.8 Authentication credentials invalid"), (failure.ReplyCode, failure.ServerReply));
    }

    [Fact]
    public void SslHandshake_AfterTheCertificateCheckSaidNo_IsACertificateFailure()
    {
        var failure = SmtpFailureClassifier.Classify(new SslHandshakeException("handshake failed"), SmtpPhase.Handshake, Server,
            timedOut: false, certificateRejection: "the chain is not trusted");

        Assert.Equal(SmtpFailureReason.Certificate, failure.Reason);
        Assert.Contains("the chain is not trusted", failure.Message);
    }

    [Fact]
    public void SslHandshake_WithoutACertificateRejection_IsATlsFailureThatHintsAtThePort()
    {
        var failure = SmtpFailureClassifier.Classify(new SslHandshakeException("handshake failed"), SmtpPhase.Handshake, Server, timedOut: false);

        Assert.Equal(SmtpFailureReason.Tls, failure.Reason);
        Assert.Contains("465", failure.Message);
    }

    [Fact]
    public void NotSupported_DuringHandshake_MeansStartTlsWasNotOffered()
    {
        var failure = SmtpFailureClassifier.Classify(new NotSupportedException("no STARTTLS"), SmtpPhase.Handshake, Server, timedOut: false);

        Assert.Equal(SmtpFailureReason.Tls, failure.Reason);
        Assert.Contains("plaintext", failure.Message);
    }

    [Fact]
    public void Cancellation_AfterTheDeadline_IsATimeout()
    {
        var failure = SmtpFailureClassifier.Classify(new OperationCanceledException(), SmtpPhase.Send, Server, timedOut: true);

        Assert.Equal(SmtpFailureReason.Timeout, failure.Reason);
    }

    [Fact]
    public void ConnectionBreak_AfterTheMessageEnd_IsAnUnknownOutcome()
    {
        var failure = SmtpFailureClassifier.Classify(new SmtpProtocolException("The SMTP server has unexpectedly disconnected."),
            SmtpPhase.Send, Server, timedOut: false, messageMayHaveBeenAccepted: true);

        Assert.Equal(SmtpFailureReason.OutcomeUnknown, failure.Reason);
    }

    [Fact]
    public void ConnectionBreak_BeforeTheMessageEnd_IsAConnectFailure()
    {
        var failure = SmtpFailureClassifier.Classify(new IOException("reset"), SmtpPhase.Send, Server, timedOut: false);

        Assert.Equal(SmtpFailureReason.Connect, failure.Reason);
        Assert.False(failure.IsPermanent);
    }
}
