using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Nop.Plugin.Misc.Smtp.Benchmark.Loopback;

/// <summary>
/// A self-signed RSA-2048 certificate for 127.0.0.1, made in memory, as a small provider's server might present.
/// </summary>
public static class TestCertificate
{
    public static X509Certificate2 Create(string subject = "CN=127.0.0.1")
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));

        // Re-imported so that SslStream can use the private key on every platform.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }

    /// <summary>
    /// The SHA-256 thumbprint the plugin's Pinned check compares.
    /// </summary>
    public static string Sha256(X509Certificate2 certificate)
    {
        return Convert.ToHexString(SHA256.HashData(certificate.RawData));
    }
}
