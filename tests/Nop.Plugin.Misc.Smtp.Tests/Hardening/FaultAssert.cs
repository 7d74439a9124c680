using System.Diagnostics;
using Moq;
using Nop.Plugin.Misc.Smtp.Domain;
using Nop.Plugin.Misc.Smtp.Services;
using Xunit;
using Nop.Plugin.Misc.Smtp.Tests.Infrastructure;

namespace Nop.Plugin.Misc.Smtp.Tests.Hardening;

/// <summary>
/// What every failed send must leave behind: an exception to nopCommerce (so the queue keeps the email and tries
/// again), one send log entry with the reason, the reply and a redacted transcript, and no secret anywhere.
/// </summary>
internal static class FaultAssert
{
    public static async Task<(SmtpSendException Failure, SmtpLogEntry Entry, TimeSpan Elapsed)> FailsAsync(SenderHarness harness,
        SmtpFailureReason reason, Func<SenderHarness, Task> send = null)
    {
        var before = harness.Log.Entries.Count;
        var stopwatch = Stopwatch.StartNew();
        var failure = await Assert.ThrowsAsync<SmtpSendException>(() => (send ?? (h => h.SendAsync()))(harness));
        stopwatch.Stop();

        Assert.True(reason == failure.Reason, $"Expected {reason} but got {failure.Reason}: {failure.Message}");
        var entries = harness.Log.Entries;
        Assert.Equal(before + 1, entries.Count);
        var entry = entries[^1];
        Assert.Equal(reason == SmtpFailureReason.OutcomeUnknown ? SendStatus.Unknown : SendStatus.Failed, entry.Status);
        Assert.Equal((int)reason, entry.FailureReasonId);
        Assert.Equal(failure.Message, entry.Error);
        if (failure.ReplyCode != null)
            Assert.StartsWith(failure.ReplyCode.ToString(), entry.ServerReply);
        Assert.Equal(failure.Transcript, entry.Transcript);

        harness.Fallback.VerifyNoOtherCalls();
        SecretAssert.ExceptionDoesNotContainSecret(failure, SenderHarness.Username, SenderHarness.Password);
        SecretAssert.DoesNotContainSecret(harness.EverythingLogged(), SenderHarness.Username, SenderHarness.Password);
        return (failure, entry, stopwatch.Elapsed);
    }

    public static FaultSmtpServer Server(Func<FaultStep, FaultAction> script) => new(script);

    /// <summary>
    /// A script that applies the action the first time the step is reached, and behaves normally otherwise.
    /// </summary>
    public static Func<FaultStep, FaultAction> Once(string step, FaultAction action)
    {
        var done = 0;
        return current => current.Step == step && Interlocked.Exchange(ref done, 1) == 0 ? action : null;
    }

    public static Func<FaultStep, FaultAction> Always(string step, FaultAction action)
    {
        return current => current.Step == step ? action : null;
    }
}
