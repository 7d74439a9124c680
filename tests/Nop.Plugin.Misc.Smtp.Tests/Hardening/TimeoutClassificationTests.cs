using Nop.Plugin.Misc.Smtp.Services;
using Xunit;

namespace Nop.Plugin.Misc.Smtp.Tests.Hardening;

/// <summary>
/// MailKit's socket timeout and the pool's deadline have the same length; whichever fires first, the failure is a
/// Timeout (found by ConnectionFaultTests.Send_ServerAcceptsButNeverGreets_FailsAsTimeoutWithinTheTimeout, 1 run in 5).
/// </summary>
public sealed class TimeoutClassificationTests
{
    [Theory]
    [InlineData(SmtpPhase.Handshake)]
    [InlineData(SmtpPhase.Authenticate)]
    [InlineData(SmtpPhase.Send)]
    public void Classify_MailKitTimeoutBeforeTheDeadline_IsATimeout(SmtpPhase phase)
    {
        var failure = SmtpFailureClassifier.Classify(new TimeoutException("Operation timed out after 2000 milliseconds"), phase,
            "127.0.0.1:25", timedOut: false);

        Assert.Equal(SmtpFailureReason.Timeout, failure.Reason);
        Assert.Contains("within the timeout", failure.Message);
    }

    [Fact]
    public void Classify_MailKitTimeoutAfterTheFinalDot_IsAnUnknownOutcome()
    {
        var failure = SmtpFailureClassifier.Classify(new TimeoutException("Operation timed out"), SmtpPhase.Send,
            "127.0.0.1:25", timedOut: false, messageMayHaveBeenAccepted: true);

        Assert.Equal(SmtpFailureReason.OutcomeUnknown, failure.Reason);
    }
}
