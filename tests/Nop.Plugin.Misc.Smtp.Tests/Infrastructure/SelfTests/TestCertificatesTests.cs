#nullable enable
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Xunit;

namespace Nop.Plugin.Misc.Smtp.Tests.Infrastructure.SelfTests;

public sealed class TestCertificatesTests
{
    [Fact]
    public void CreateSelfSigned_HasPrivateKeySanAndServerAuthUsage()
    {
        using var certificate = TestCertificates.CreateSelfSigned("mail.example.test");

        Assert.True(certificate.HasPrivateKey);
        Assert.Equal("CN=mail.example.test", certificate.Subject);
        Assert.True(certificate.NotBefore < DateTime.Now && certificate.NotAfter > DateTime.Now.AddDays(300));
        var san = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(new[] { "mail.example.test" }, san.EnumerateDnsNames());
        Assert.Equal(new[] { IPAddress.Loopback }, san.EnumerateIPAddresses());
        var usage = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single();
        Assert.Contains(usage.EnhancedKeyUsages.Cast<Oid>(), oid => oid.Value == "1.3.6.1.5.5.7.3.1");
    }

    [Fact]
    public void CreateSelfSigned_WithPastNotAfter_IsExpired()
    {
        using var certificate = TestCertificates.CreateSelfSigned(notAfter: DateTimeOffset.UtcNow.AddDays(-1));

        Assert.True(certificate.NotAfter < DateTime.Now);
        Assert.True(certificate.NotBefore < certificate.NotAfter);
    }

    [Fact]
    public void Sha256Thumbprint_Is64UpperCaseHexOfTheDerEncoding()
    {
        var thumbprint = TestCertificates.Sha256Thumbprint(TestCertificates.Localhost);

        Assert.Matches("^[0-9A-F]{64}$", thumbprint);
        Assert.Equal(TestCertificates.Localhost.GetCertHashString(HashAlgorithmName.SHA256), thumbprint);
    }

    [Fact]
    public async Task EphemeralKeyCertificate_WorksAsSslStreamServerCertificateOnLinux()
    {
        // Documents why TestCertificates' PKCS#12 round trip is for Windows only: on Linux (OpenSSL) a certificate
        // straight from CertificateRequest.CreateSelfSigned already serves TLS.
        if (!OperatingSystem.IsLinux())
            return;

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        using var ephemeral = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
            using var accepted = await listener.AcceptTcpClientAsync();
            await using var serverStream = new SslStream(accepted.GetStream());
            await using var clientStream = new SslStream(client.GetStream(), false, (_, _, _, _) => true);
            using var timeout = new CancellationTokenSource(SelfTestMail.Wait);

            await Task.WhenAll(
                serverStream.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = ephemeral },
                    timeout.Token),
                clientStream.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost" },
                    timeout.Token));

            Assert.True(clientStream.IsAuthenticated);
        }
        finally
        {
            listener.Stop();
        }
    }
}
