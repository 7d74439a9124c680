using Nop.Plugin.Misc.Smtp.Domain;
using Nop.Plugin.Misc.Smtp.Services;
using Nop.Plugin.Misc.Smtp.Tests.Infrastructure;

namespace Nop.Plugin.Misc.Smtp.Tests.Integration;

/// <summary>
/// The server certificate check against a real TLS server with a certificate the test makes.
/// </summary>
public class CertificatePolicyTests
{
    private static Task<RealSmtpServer> StartServerAsync(RealSmtpTls tls = RealSmtpTls.StartTls)
    {
        return RealSmtpServer.StartAsync(new RealSmtpServerOptions { Tls = tls });
    }

    [Theory]
    [InlineData(SmtpSecurity.StartTlsRequired, RealSmtpTls.StartTls)]
    [InlineData(SmtpSecurity.SslOnConnect, RealSmtpTls.ImplicitTls)]
    public async Task Strict_RejectsASelfSignedCertificate_AndSendsNothing(SmtpSecurity security, RealSmtpTls tls)
    {
        await using var server = await StartServerAsync(tls);
        await using var harness = new SenderHarness().UseServer(server.Port, security);

        var failure = await Assert.ThrowsAsync<SmtpSendException>(() => harness.SendAsync());

        Assert.Equal(SmtpFailureReason.Certificate, failure.Reason);
        Assert.Contains(TestCertificates.Sha256Thumbprint(TestCertificates.Localhost), failure.Message);
        Assert.Empty(server.Messages);
    }

    [Fact]
    public async Task Pinned_AcceptsTheMatchingCertificate()
    {
        await using var server = await StartServerAsync();
        var pin = TestCertificates.Sha256Thumbprint(TestCertificates.Localhost).ToLowerInvariant();
        await using var harness = new SenderHarness().UseServer(server.Port, SmtpSecurity.StartTlsRequired,
            certificateCheck: CertificateCheck.Pinned, pinnedThumbprint: pin);

        await harness.SendAsync();

        Assert.Single(server.Messages);
    }

    [Fact]
    public async Task Pinned_RejectsAnotherCertificate()
    {
        await using var server = await StartServerAsync();
        var otherPin = TestCertificates.Sha256Thumbprint(TestCertificates.CreateSelfSigned("other.example"));
        await using var harness = new SenderHarness().UseServer(server.Port, SmtpSecurity.StartTlsRequired,
            certificateCheck: CertificateCheck.Pinned, pinnedThumbprint: otherPin);

        var failure = await Assert.ThrowsAsync<SmtpSendException>(() => harness.SendAsync());

        Assert.Equal(SmtpFailureReason.Certificate, failure.Reason);
        Assert.Contains("does not match the pinned", failure.Message);
        Assert.Empty(server.Messages);
    }

    [Fact]
    public async Task AcceptAny_AcceptsASelfSignedCertificate()
    {
        await using var server = await StartServerAsync();
        await using var harness = new SenderHarness().UseServer(server.Port, SmtpSecurity.StartTlsRequired,
            certificateCheck: CertificateCheck.AcceptAny);

        await harness.SendAsync();

        Assert.Single(server.Messages);
    }

    [Fact]
    public async Task StartTlsRequired_AgainstAServerWithoutStartTls_FailsWithoutSendingPlaintext()
    {
        await using var server = await StartServerAsync(RealSmtpTls.None);
        await using var harness = new SenderHarness().UseServer(server.Port, SmtpSecurity.StartTlsRequired);

        var failure = await Assert.ThrowsAsync<SmtpSendException>(() => harness.SendAsync());

        Assert.Equal(SmtpFailureReason.Tls, failure.Reason);
        Assert.Empty(server.Messages);
    }
}
