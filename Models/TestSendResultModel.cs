namespace Nop.Plugin.Misc.Smtp.Models;

/// <summary>
/// The result panel of a test send, returned as JSON. Every text is shown with textContent, never as markup.
/// </summary>
public sealed record TestSendResultModel
{
    public bool Success { get; init; }

    /// <summary>
    /// A localized headline ("The test email was sent", "The test send failed", "Too many test sends").
    /// </summary>
    public string Title { get; init; }

    public long ElapsedMs { get; init; }

    public string Server { get; init; }

    public string Greeting { get; init; }

    public string TlsProtocol { get; init; }

    public string TlsCipherSuite { get; init; }

    public string CertificateSubject { get; init; }

    public string CertificateIssuer { get; init; }

    public string CertificateNotAfter { get; init; }

    public string CertificateThumbprint { get; init; }

    /// <summary>
    /// Whether to offer "pin this certificate" (the certificate was rejected and its thumbprint is known).
    /// </summary>
    public bool CanPin { get; init; }

    /// <summary>
    /// Why a certificate with errors was accepted all the same (pinned, or "Accept any").
    /// </summary>
    public string CertificateNote { get; init; }

    public string AuthMechanism { get; init; }

    public string ServerReply { get; init; }

    public string QueueId { get; init; }

    public string Transcript { get; init; }

    /// <summary>
    /// The problem's name (a <c>TestSendProblem</c> value), for scripts and tests.
    /// </summary>
    public string Problem { get; init; }

    /// <summary>
    /// A localized plain-language diagnosis.
    /// </summary>
    public string Diagnosis { get; init; }

    /// <summary>
    /// A localized hint: what to change.
    /// </summary>
    public string Hint { get; init; }

    /// <summary>
    /// The provider's note, when a failure may be explained by it (authentication with a known provider).
    /// </summary>
    public string ProviderNote { get; init; }

    /// <summary>
    /// The technical error (server reply or exception text), redacted.
    /// </summary>
    public string Error { get; init; }

    /// <summary>
    /// Validation errors of the form, by field name, when the test was not sent because of them.
    /// </summary>
    public IDictionary<string, string[]> FieldErrors { get; init; }
}
