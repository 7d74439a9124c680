#nullable enable
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Nop.Plugin.Misc.Smtp.Tests.Infrastructure;

/// <summary>
/// Self-signed server certificates for the in-process SMTP test servers, made on the fly so no key material lives in
/// the repository.
/// </summary>
public static class TestCertificates
{
    private const string ServerAuthenticationOid = "1.3.6.1.5.5.7.3.1";

    // Key generation costs a few milliseconds per certificate; most tests only need "some valid localhost cert".
    private static readonly Lazy<X509Certificate2> _localhost = new(() => CreateSelfSigned());

    /// <summary>A shared, currently valid certificate for "localhost" and 127.0.0.1. Do not dispose it.</summary>
    public static X509Certificate2 Localhost => _localhost.Value;

    /// <summary>
    /// Creates a self-signed ECDSA P-256 server certificate whose SAN holds <paramref name="dnsName"/> and IP
    /// 127.0.0.1, with the server-authentication EKU. Defaults: valid from a day ago for a year. A past
    /// <paramref name="notAfter"/> gives an expired certificate, a future <paramref name="notBefore"/> a not yet
    /// valid one.
    /// </summary>
    public static X509Certificate2 CreateSelfSigned(string dnsName = "localhost", DateTimeOffset? notBefore = null,
        DateTimeOffset? notAfter = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dnsName);

        var now = DateTimeOffset.UtcNow;
        var validTo = notAfter ?? now.AddYears(1);
        // Keep the default start before the end even when only an expiry in the past was asked for.
        var validFrom = notBefore ?? Min(now.AddDays(-1), validTo.AddDays(-30));
        if (validFrom >= validTo)
            throw new ArgumentException("notBefore must be earlier than notAfter.", nameof(notBefore));

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={dnsName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            new OidCollection { new Oid(ServerAuthenticationOid) }, false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));

        var subjectAlternativeNames = new SubjectAlternativeNameBuilder();
        subjectAlternativeNames.AddDnsName(dnsName);
        subjectAlternativeNames.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(subjectAlternativeNames.Build());

        using var ephemeral = request.CreateSelfSigned(validFrom, validTo);

        // An ephemeral-key certificate works with SslStream on Linux, but not on Windows (SChannel needs a persisted
        // key); a PKCS#12 round trip gives a certificate that works as a server certificate everywhere.
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pfx), null);
    }

    /// <summary>SHA-256 over the DER encoding, as 64 upper-case hex digits (the form used for pinning).</summary>
    /// <remarks>Takes the base type so it also fits a RemoteCertificateValidationCallback's argument.</remarks>
    public static string Sha256Thumbprint(X509Certificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return Convert.ToHexString(SHA256.HashData(certificate.GetRawCertData()));
    }

    private static DateTimeOffset Min(DateTimeOffset first, DateTimeOffset second)
    {
        return first <= second ? first : second;
    }
}
