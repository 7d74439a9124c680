using Nop.Plugin.Misc.Smtp.Domain;
using Nop.Plugin.Misc.Smtp.Services;
using Xunit;
using Nop.Plugin.Misc.Smtp.Tests.Infrastructure;

namespace Nop.Plugin.Misc.Smtp.Tests.Hardening;

/// <summary>
/// TLS never falls back to plaintext, and certificates are checked: after any of these failures the server has seen
/// neither AUTH nor MAIL FROM nor message content.
/// </summary>
public sealed class TlsFaultTests
{
    private static void AssertNothingSentInPlaintext(FaultSmtpServer server)
    {
        Assert.DoesNotContain(server.AllCommands, command => command.StartsWith("MAIL", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(server.AllCommands, command => command.StartsWith("AUTH", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(server.Sessions, session => session.ReceivedContent);
        Assert.Empty(server.Messages);
    }

    [Fact]
    public async Task Send_StartTlsRequiredButNotOffered_FailsWithoutSendingPlaintext()
    {
        await using var server = new FaultSmtpServer();
        await using var harness = new SenderHarness().UseServer(server.Port, SmtpSecurity.StartTlsRequired, SmtpAuthentication.Plain);

        var (failure, _, _) = await FaultAssert.FailsAsync(harness, SmtpFailureReason.Tls);

        Assert.Contains("STARTTLS", failure.Message);
        AssertNothingSentInPlaintext(server);
    }

    [Theory]
    [InlineData("454 4.7.0 TLS not available due to temporary reason")]
    [InlineData("502 5.5.1 Not now")]
    public async Task Send_StartTlsAdvertisedThenRefused_FailsWithoutSendingPlaintext(string reply)
    {
        using var certificate = FaultCertificates.Create("127.0.0.1");
        await using var server = new FaultSmtpServer(FaultAssert.Always("STARTTLS", FaultAction.Respond(reply)), certificate);
        await using var harness = new SenderHarness().UseServer(server.Port, SmtpSecurity.StartTlsRequired, SmtpAuthentication.Plain);

        var (failure, _, _) = await FaultAssert.FailsAsync(harness, SmtpFailureReason.Tls);

        Assert.Contains(reply[4..], failure.Message);
        AssertNothingSentInPlaintext(server);
    }

    [Fact]
    public async Task Send_StartTlsWhenAvailableAndRefused_StillNeverFallsBackToPlaintext()
    {
        using var certificate = FaultCertificates.Create("127.0.0.1");
        await using var server = new FaultSmtpServer(FaultAssert.Always("STARTTLS", FaultAction.Respond("454 4.7.0 TLS not available")), certificate);
        await using var harness = new SenderHarness().UseServer(server.Port, SmtpSecurity.StartTlsWhenAvailable, SmtpAuthentication.Plain);

        await Assert.ThrowsAsync<SmtpSendException>(() => harness.SendAsync());

        AssertNothingSentInPlaintext(server);
    }

    [Fact]
    public async Task Send_SslOnConnectToAPlaintextServer_FailsAsTlsHandshake()
    {
        await using var server = new FaultSmtpServer();
        await using var harness = new SenderHarness().UseServer(server.Port, SmtpSecurity.SslOnConnect, SmtpAuthentication.Plain);

        await FaultAssert.FailsAsync(harness, SmtpFailureReason.Tls);

        AssertNothingSentInPlaintext(server);
    }

    [Fact]
    public async Task Send_ServerBreaksTheTlsHandshakeAfterStartTls_FailsWithoutSendingPlaintext()
    {
        using var certificate = FaultCertificates.Create("127.0.0.1");
        await using var server = new FaultSmtpServer(FaultAssert.Always("STARTTLS", FaultAction.Respond("220 2.0.0 go ahead\r\nthis is not TLS")), certificate);
        await using var harness = new SenderHarness().UseServer(server.Port, SmtpSecurity.StartTlsRequired, SmtpAuthentication.Plain);

        var failure = await Assert.ThrowsAsync<SmtpSendException>(() => harness.SendAsync());

        Assert.True(failure.Reason is SmtpFailureReason.Tls or SmtpFailureReason.Connect, $"{failure.Reason}: {failure.Message} / {failure.InnerException}");
        AssertNothingSentInPlaintext(server);
    }

    public static TheoryData<string, Func<System.Security.Cryptography.X509Certificates.X509Certificate2>, string> BadCertificates => new()
    {
        { "self-signed", () => FaultCertificates.Create("127.0.0.1"), "the chain is not trusted" },
        { "expired", () => FaultCertificates.Create("127.0.0.1", DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddDays(-1)), "NotTimeValid" },
        { "wrong name", () => FaultCertificates.Create("mail.other.example"), "another host name" }
    };

    [Theory]
    [MemberData(nameof(BadCertificates))]
    public async Task Send_BadCertificateUnderStrict_FailsAsCertificateWithoutSendingAnything(string _,
        Func<System.Security.Cryptography.X509Certificates.X509Certificate2> create, string expected)
    {
        using var certificate = create();
        await using var server = new FaultSmtpServer(certificate: certificate);
        await using var harness = new SenderHarness().UseServer(server.Port, SmtpSecurity.StartTlsRequired, SmtpAuthentication.Plain);

        var (failure, _, _) = await FaultAssert.FailsAsync(harness, SmtpFailureReason.Certificate);

        Assert.Contains(expected, failure.Message);
        AssertNothingSentInPlaintext(server);
    }

    [Fact]
    public async Task Send_CertificateThatDoesNotMatchThePin_FailsAsCertificate()
    {
        using var certificate = FaultCertificates.Create("127.0.0.1");
        await using var server = new FaultSmtpServer(certificate: certificate, implicitTls: true);
        await using var harness = new SenderHarness().UseServer(server.Port, SmtpSecurity.SslOnConnect, SmtpAuthentication.Plain);
        harness.Settings.CertificateCheck = CertificateCheck.Pinned;
        harness.Settings.PinnedThumbprint = new string('A', 64);

        var (failure, _, _) = await FaultAssert.FailsAsync(harness, SmtpFailureReason.Certificate);

        Assert.Contains("does not match the pinned", failure.Message);
        Assert.DoesNotContain(server.AllCommands, command => command.StartsWith("AUTH") || command.StartsWith("MAIL"));
    }

    [Fact]
    public async Task Send_CertificateThatMatchesThePin_IsAcceptedAndTheEmailArrivesOverTls()
    {
        using var certificate = FaultCertificates.Create("127.0.0.1");
        await using var server = new FaultSmtpServer(certificate: certificate);
        await using var harness = new SenderHarness().UseServer(server.Port, SmtpSecurity.StartTlsRequired, SmtpAuthentication.Plain);
        harness.Settings.CertificateCheck = CertificateCheck.Pinned;
        harness.Settings.PinnedThumbprint = ServerCertificateValidator.Sha256Thumbprint(certificate);

        await harness.SendAsync(subject: "pinned");

        var delivered = Assert.Single(server.Accepted);
        Assert.Equal("pinned", delivered.Parse().Subject);
        Assert.True(server.Sessions.Single().Secure);
        Assert.Equal(SendStatus.Sent, Assert.Single(harness.Log.Entries).Status);
    }
}
