using System.Text;
using System.Text.Json;
using Moq;
using Nop.Data;
using Nop.Plugin.Misc.Smtp.Domain;
using Nop.Plugin.Misc.Smtp.Factories;
using Nop.Services.Helpers;
using Nop.Services.Localization;
using Nop.Plugin.Misc.Smtp.Services;
using Nop.Plugin.Misc.Smtp.Tests.Infrastructure;
using Xunit;

namespace Nop.Plugin.Misc.Smtp.Tests.Hardening;

/// <summary>
/// The password crosses the wire inside AUTH; it must never come back out in the send log, the transcript, nopCommerce's
/// log or any exception, even when a server echoes it in an error reply.
/// </summary>
public sealed class SecretsOnTheWireTests
{
    private static ScriptedSmtpServer Start(string mechanisms, Func<string, int, int, Reply> onCommand = null)
    {
        return ScriptedSmtpServer.Start(new ScriptedSmtpServerOptions
        {
            Users = new Dictionary<string, string> { [SenderHarness.Username] = SenderHarness.Password },
            AuthMechanisms = mechanisms,
            RequireAuth = true,
            OnCommand = onCommand
        });
    }

    [Theory]
    [InlineData(SmtpAuthentication.Plain, "PLAIN")]
    [InlineData(SmtpAuthentication.Login, "LOGIN")]
    [InlineData(SmtpAuthentication.Auto, "PLAIN LOGIN")]
    public async Task TestSend_WithCapturedTranscript_NeverRecordsThePassword(SmtpAuthentication authentication, string mechanisms)
    {
        await using var server = Start(mechanisms);
        await using var harness = new SenderHarness().UseServer(server.Port, authentication: authentication);
        Assert.True(harness.SendService.TryCreateEndpoint(harness.Settings, null, out var endpoint, out _));

        var result = await harness.SendService.SendAsync(MessageRoundTrip.Request(), harness.Settings, endpoint,
            new SendOptions { CaptureTranscript = true, IsTest = true }, CancellationToken.None);

        Assert.Equal(SenderHarness.Username, Assert.Single(server.Messages).AuthenticatedUser);
        var entry = Assert.Single(harness.Log.Entries);
        Assert.Contains("AUTH", entry.Transcript);
        SecretAssert.DoesNotContainSecret(entry.Transcript, SenderHarness.Username, SenderHarness.Password);
        SecretAssert.DoesNotContainSecret(result.Transcript, SenderHarness.Username, SenderHarness.Password);
        SecretAssert.DoesNotContainSecret(harness.EverythingLogged(), SenderHarness.Username, SenderHarness.Password);
    }

    [Fact]
    public async Task Send_ServerEchoesTheAuthBlobInItsRejection_NothingLeaksAnywhere()
    {
        await using var server = Start("PLAIN", (line, _, _) =>
            line.StartsWith("AUTH", StringComparison.OrdinalIgnoreCase) ? Reply.Send($"535 5.7.8 Authentication failed: {line}") : null);
        await using var harness = new SenderHarness().UseServer(server.Port, authentication: SmtpAuthentication.Plain);

        var (failure, entry, _) = await FaultAssert.FailsAsync(harness, SmtpFailureReason.Auth);

        Assert.Equal(535, failure.ReplyCode);
        Assert.Contains(SecretScrubber.Mask, failure.Message);
        SecretAssert.ExceptionDoesNotContainSecret(failure, SenderHarness.Username, SenderHarness.Password);
        SecretAssert.DoesNotContainSecret(entry.ServerReply, SenderHarness.Username, SenderHarness.Password);
        SecretAssert.DoesNotContainSecret(entry.Transcript, SenderHarness.Username, SenderHarness.Password);
    }

    [Fact]
    public async Task Send_ServerEchoesThePasswordInARejection_NothingLeaksAnywhere()
    {
        await using var server = Start("PLAIN", (line, _, _) =>
            line.StartsWith("MAIL", StringComparison.OrdinalIgnoreCase) ? Reply.Send($"550 5.7.1 Policy: password {SenderHarness.Password} is compromised") : null);
        await using var harness = new SenderHarness().UseServer(server.Port, authentication: SmtpAuthentication.Plain);

        var (failure, entry, _) = await FaultAssert.FailsAsync(harness, SmtpFailureReason.Sender);

        SecretAssert.ExceptionDoesNotContainSecret(failure, SenderHarness.Username, SenderHarness.Password);
        SecretAssert.DoesNotContainSecret(entry.ServerReply, SenderHarness.Username, SenderHarness.Password);
        SecretAssert.DoesNotContainSecret(entry.Transcript, SenderHarness.Username, SenderHarness.Password);
    }

    [Fact]
    public async Task SendLogPages_ForAFailureWhoseServerEchoedTheSecret_ShowNoSecretInDetailsOrCsv()
    {
        await using var server = Start("PLAIN", (line, _, _) =>
            line.StartsWith("AUTH", StringComparison.OrdinalIgnoreCase) ? Reply.Send($"535 5.7.8 Authentication failed: {line} ({SenderHarness.Password})") : null);
        await using var harness = new SenderHarness().UseServer(server.Port, authentication: SmtpAuthentication.Plain);
        await Assert.ThrowsAsync<SmtpSendException>(() => harness.SendAsync());
        var entry = Assert.Single(harness.Log.Entries);
        var factory = new SmtpLogModelFactory(Mock.Of<IDateTimeHelper>(), Mock.Of<ILocalizationService>(),
            new SendLogService(Mock.Of<IRepository<SmtpLogEntry>>()));

        var details = JsonSerializer.Serialize(await factory.PrepareDetailsModelAsync(entry));
        var row = JsonSerializer.Serialize(await factory.PrepareRowAsync(entry));
        using var csv = new MemoryStream();
        await SendLogCsvWriter.WriteAsync(new[] { entry }.ToAsyncEnumerable(), csv);

        Assert.Contains("535", details);
        SecretAssert.DoesNotContainSecret(details, SenderHarness.Username, SenderHarness.Password);
        SecretAssert.DoesNotContainSecret(row, SenderHarness.Username, SenderHarness.Password);
        SecretAssert.DoesNotContainSecret(Encoding.UTF8.GetString(csv.ToArray()), SenderHarness.Username, SenderHarness.Password);
    }

    [Fact]
    public async Task Send_WrongPassword_FailsAsAuthWithoutLeakingTheAttemptedPassword()
    {
        await using var server = Start("PLAIN LOGIN");
        await using var harness = new SenderHarness().UseServer(server.Port, authentication: SmtpAuthentication.Login);
        server.Options.Users[SenderHarness.Username] = "another-password";

        await FaultAssert.FailsAsync(harness, SmtpFailureReason.Auth);

        Assert.Empty(server.AllMessages);
    }
}
