using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Nop.Plugin.Misc.Smtp.Domain;

namespace Nop.Plugin.Misc.Smtp.Services;

/// <summary>
/// Checks the SMTP server's certificate by the configured policy and remembers what it saw, for the test-send
/// panel and for the error message when it says no. One instance per connection attempt.
/// </summary>
public sealed class ServerCertificateValidator
{
    private readonly CertificateCheck _check;
    private readonly string _pinnedThumbprint;

    public ServerCertificateValidator(CertificateCheck check, string pinnedThumbprint)
    {
        _check = check;
        _pinnedThumbprint = NormalizeThumbprint(pinnedThumbprint);
    }

    /// <summary>
    /// What the server presented, once the handshake reached the check.
    /// </summary>
    public ServerCertificateInfo Certificate { get; private set; }

    /// <summary>
    /// Why the certificate was rejected, in plain words; null when it was accepted or not checked yet.
    /// </summary>
    public string Rejection { get; private set; }

    /// <summary>
    /// A note for the log when a certificate with errors was accepted by an explicit opt-in (Pinned or Accept any).
    /// </summary>
    public string AcceptedDespiteErrors { get; private set; }

    /// <summary>
    /// The SHA-256 thumbprint of a certificate as 64 upper-case hex characters.
    /// </summary>
    public static string Sha256Thumbprint(X509Certificate certificate)
    {
        return Convert.ToHexString(SHA256.HashData(certificate.GetRawCertData()));
    }

    /// <summary>
    /// Removes separators (colons, spaces) and upper-cases a thumbprint as admins paste it.
    /// </summary>
    public static string NormalizeThumbprint(string thumbprint)
    {
        if (string.IsNullOrWhiteSpace(thumbprint))
            return string.Empty;

        return new string(thumbprint.Where(Uri.IsHexDigit).ToArray()).ToUpperInvariant();
    }

    public bool Validate(object sender, X509Certificate certificate, X509Chain chain, SslPolicyErrors errors)
    {
        if (certificate == null)
        {
            Rejection = "the server presented no certificate.";
            return false;
        }

        var chainErrors = chain?.ChainStatus
            .Where(status => status.Status != X509ChainStatusFlags.NoError)
            .Select(status => status.Status.ToString())
            .Distinct()
            .ToArray() ?? [];
        Certificate = ServerCertificateInfo.From(certificate, errors, chainErrors);

        switch (_check)
        {
            case CertificateCheck.Strict when errors == SslPolicyErrors.None:
                return true;

            case CertificateCheck.Strict:
                Rejection = $"{DescribeErrors(errors, chainErrors)} (subject {Certificate.Subject}, issuer {Certificate.Issuer}, " +
                    $"SHA-256 {Certificate.Thumbprint}). Install a trusted certificate on the server, or pin this one if it is your own relay.";
                return false;

            case CertificateCheck.Pinned when string.Equals(Certificate.Thumbprint, _pinnedThumbprint, StringComparison.Ordinal):
                if (errors != SslPolicyErrors.None)
                    AcceptedDespiteErrors = $"Pinned certificate accepted, although {DescribeErrors(errors, chainErrors)} ({Certificate}).";
                return true;

            case CertificateCheck.Pinned:
                Rejection = $"its SHA-256 thumbprint {Certificate.Thumbprint} does not match the pinned {_pinnedThumbprint} " +
                    $"(subject {Certificate.Subject}, issuer {Certificate.Issuer}).";
                return false;

            default:
                if (errors != SslPolicyErrors.None)
                    AcceptedDespiteErrors = $"Certificate accepted without checking (Accept any), although {DescribeErrors(errors, chainErrors)} ({Certificate}).";
                return true;
        }
    }

    private static string DescribeErrors(SslPolicyErrors errors, string[] chainErrors)
    {
        var parts = new List<string>();
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
            parts.Add("the certificate is for another host name");
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors))
            parts.Add(chainErrors.Length > 0 ? $"the chain is not trusted ({string.Join(", ", chainErrors)})" : "the chain is not trusted");
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
            parts.Add("no certificate was presented");

        return string.Join("; ", parts);
    }
}

/// <summary>
/// What the admin needs to know about a server certificate, and to pin it.
/// </summary>
public sealed record ServerCertificateInfo(string Subject, string Issuer, DateTime NotAfterUtc, string Thumbprint,
    string PolicyErrors, IReadOnlyList<string> ChainErrors)
{
    public static ServerCertificateInfo From(X509Certificate certificate, SslPolicyErrors errors, IReadOnlyList<string> chainErrors)
    {
        var certificate2 = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());

        return new(certificate2.Subject, certificate2.Issuer, certificate2.NotAfter.ToUniversalTime(),
            ServerCertificateValidator.Sha256Thumbprint(certificate2), errors.ToString(), chainErrors);
    }

    public override string ToString()
    {
        return $"subject {Subject}, issuer {Issuer}, expires {NotAfterUtc:yyyy-MM-dd}, SHA-256 {Thumbprint}";
    }
}
