using System.Net.Sockets;
using Nop.Plugin.Misc.Smtp.Domain;

namespace Nop.Plugin.Misc.Smtp.Services;

/// <summary>
/// What most likely went wrong with a test send, in the terms an admin acts on.
/// </summary>
public enum TestSendProblem
{
    None,
    Configuration,
    InvalidInput,
    HostNotFound,
    ConnectionRefused,
    Timeout,
    WrongSecurityForPort,
    CertificateUntrusted,
    CertificateNameMismatch,
    CertificatePinMismatch,
    StartTlsNotOffered,
    AuthenticationFailed,
    AuthenticationNotOffered,
    RelayDenied,
    SenderRejected,
    RecipientRejected,
    MessageTooLarge,
    MessageRejected,
    Greylisted,
    ConnectionLost,
    OutcomeUnknown
}

/// <summary>
/// Turns a failed send into a <see cref="TestSendProblem"/> and the texts (locale resource keys) that explain it.
/// </summary>
public static class TestSendDiagnosis
{
    private static readonly IReadOnlyDictionary<TestSendProblem, (string Diagnosis, string Hint)> _texts =
        new Dictionary<TestSendProblem, (string, string)>
        {
            [TestSendProblem.None] = ("Plugins.Misc.Smtp.TestSend.Problem.None", "Plugins.Misc.Smtp.TestSend.Problem.None.Hint"),
            [TestSendProblem.Configuration] = ("Plugins.Misc.Smtp.TestSend.Problem.Configuration", "Plugins.Misc.Smtp.TestSend.Problem.Configuration.Hint"),
            [TestSendProblem.InvalidInput] = ("Plugins.Misc.Smtp.TestSend.Problem.InvalidInput", "Plugins.Misc.Smtp.TestSend.Problem.InvalidInput.Hint"),
            [TestSendProblem.HostNotFound] = ("Plugins.Misc.Smtp.TestSend.Problem.HostNotFound", "Plugins.Misc.Smtp.TestSend.Problem.HostNotFound.Hint"),
            [TestSendProblem.ConnectionRefused] = ("Plugins.Misc.Smtp.TestSend.Problem.ConnectionRefused", "Plugins.Misc.Smtp.TestSend.Problem.ConnectionRefused.Hint"),
            [TestSendProblem.Timeout] = ("Plugins.Misc.Smtp.TestSend.Problem.Timeout", "Plugins.Misc.Smtp.TestSend.Problem.Timeout.Hint"),
            [TestSendProblem.WrongSecurityForPort] = ("Plugins.Misc.Smtp.TestSend.Problem.WrongSecurityForPort", "Plugins.Misc.Smtp.TestSend.Problem.WrongSecurityForPort.Hint"),
            [TestSendProblem.CertificateUntrusted] = ("Plugins.Misc.Smtp.TestSend.Problem.CertificateUntrusted", "Plugins.Misc.Smtp.TestSend.Problem.CertificateUntrusted.Hint"),
            [TestSendProblem.CertificateNameMismatch] = ("Plugins.Misc.Smtp.TestSend.Problem.CertificateNameMismatch", "Plugins.Misc.Smtp.TestSend.Problem.CertificateNameMismatch.Hint"),
            [TestSendProblem.CertificatePinMismatch] = ("Plugins.Misc.Smtp.TestSend.Problem.CertificatePinMismatch", "Plugins.Misc.Smtp.TestSend.Problem.CertificatePinMismatch.Hint"),
            [TestSendProblem.StartTlsNotOffered] = ("Plugins.Misc.Smtp.TestSend.Problem.StartTlsNotOffered", "Plugins.Misc.Smtp.TestSend.Problem.StartTlsNotOffered.Hint"),
            [TestSendProblem.AuthenticationFailed] = ("Plugins.Misc.Smtp.TestSend.Problem.AuthenticationFailed", "Plugins.Misc.Smtp.TestSend.Problem.AuthenticationFailed.Hint"),
            [TestSendProblem.AuthenticationNotOffered] = ("Plugins.Misc.Smtp.TestSend.Problem.AuthenticationNotOffered", "Plugins.Misc.Smtp.TestSend.Problem.AuthenticationNotOffered.Hint"),
            [TestSendProblem.RelayDenied] = ("Plugins.Misc.Smtp.TestSend.Problem.RelayDenied", "Plugins.Misc.Smtp.TestSend.Problem.RelayDenied.Hint"),
            [TestSendProblem.SenderRejected] = ("Plugins.Misc.Smtp.TestSend.Problem.SenderRejected", "Plugins.Misc.Smtp.TestSend.Problem.SenderRejected.Hint"),
            [TestSendProblem.RecipientRejected] = ("Plugins.Misc.Smtp.TestSend.Problem.RecipientRejected", "Plugins.Misc.Smtp.TestSend.Problem.RecipientRejected.Hint"),
            [TestSendProblem.MessageTooLarge] = ("Plugins.Misc.Smtp.TestSend.Problem.MessageTooLarge", "Plugins.Misc.Smtp.TestSend.Problem.MessageTooLarge.Hint"),
            [TestSendProblem.MessageRejected] = ("Plugins.Misc.Smtp.TestSend.Problem.MessageRejected", "Plugins.Misc.Smtp.TestSend.Problem.MessageRejected.Hint"),
            [TestSendProblem.Greylisted] = ("Plugins.Misc.Smtp.TestSend.Problem.Greylisted", "Plugins.Misc.Smtp.TestSend.Problem.Greylisted.Hint"),
            [TestSendProblem.ConnectionLost] = ("Plugins.Misc.Smtp.TestSend.Problem.ConnectionLost", "Plugins.Misc.Smtp.TestSend.Problem.ConnectionLost.Hint"),
            [TestSendProblem.OutcomeUnknown] = ("Plugins.Misc.Smtp.TestSend.Problem.OutcomeUnknown", "Plugins.Misc.Smtp.TestSend.Problem.OutcomeUnknown.Hint")
        };

    /// <summary>
    /// The resource keys of the diagnosis and of the hint for a problem.
    /// </summary>
    public static (string Diagnosis, string Hint) GetTextKeys(TestSendProblem problem)
    {
        return _texts[problem];
    }

    /// <summary>
    /// Whether the certificate of a failed send can be offered for pinning.
    /// </summary>
    public static bool CanPin(TestSendProblem problem)
    {
        return problem is TestSendProblem.CertificateUntrusted or TestSendProblem.CertificateNameMismatch
            or TestSendProblem.CertificatePinMismatch;
    }

    /// <summary>
    /// The most likely problem behind a failure, given the endpoint it was sent to.
    /// </summary>
    public static TestSendProblem Diagnose(SmtpSendException failure, SmtpEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(failure);

        if (failure.ReplyCode is >= 450 and < 460 && failure.Reason is SmtpFailureReason.Sender or SmtpFailureReason.Recipient
            or SmtpFailureReason.Message)
        {
            return TestSendProblem.Greylisted;
        }

        var security = endpoint?.Security ?? SmtpSecurity.StartTlsRequired;
        return failure.Reason switch
        {
            SmtpFailureReason.Configuration => TestSendProblem.Configuration,
            SmtpFailureReason.Input => TestSendProblem.InvalidInput,
            SmtpFailureReason.Connect => DiagnoseConnect(failure, endpoint, security),
            SmtpFailureReason.Timeout => NoGreeting(failure) && security != SmtpSecurity.SslOnConnect && endpoint?.Port == 465
                ? TestSendProblem.WrongSecurityForPort
                : TestSendProblem.Timeout,
            SmtpFailureReason.Tls => failure.InnerException is NotSupportedException
                ? TestSendProblem.StartTlsNotOffered
                : TestSendProblem.WrongSecurityForPort,
            SmtpFailureReason.Certificate => DiagnoseCertificate(failure, endpoint),
            SmtpFailureReason.Auth => failure.InnerException is NotSupportedException
                ? TestSendProblem.AuthenticationNotOffered
                : TestSendProblem.AuthenticationFailed,
            SmtpFailureReason.Sender => TestSendProblem.SenderRejected,
            SmtpFailureReason.Recipient => IsRelayDenial(failure) ? TestSendProblem.RelayDenied : TestSendProblem.RecipientRejected,
            SmtpFailureReason.Message => failure.ReplyCode == 552 ? TestSendProblem.MessageTooLarge : TestSendProblem.MessageRejected,
            SmtpFailureReason.OutcomeUnknown => TestSendProblem.OutcomeUnknown,
            _ => TestSendProblem.ConnectionLost
        };
    }

    private static TestSendProblem DiagnoseConnect(SmtpSendException failure, SmtpEndpoint endpoint, SmtpSecurity security)
    {
        if (failure.InnerException is SocketException socket)
        {
            return socket.SocketErrorCode switch
            {
                SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => TestSendProblem.HostNotFound,
                SocketError.ConnectionRefused => TestSendProblem.ConnectionRefused,
                SocketError.TimedOut => TestSendProblem.Timeout,
                _ => TestSendProblem.ConnectionLost
            };
        }

        // A plain SMTP client on an implicit-TLS port reads the server's TLS bytes as a garbled greeting.
        if (NoGreeting(failure) && security != SmtpSecurity.SslOnConnect && endpoint?.Port == 465)
            return TestSendProblem.WrongSecurityForPort;

        return TestSendProblem.ConnectionLost;
    }

    private static TestSendProblem DiagnoseCertificate(SmtpSendException failure, SmtpEndpoint endpoint)
    {
        if (endpoint?.CertificateCheck == CertificateCheck.Pinned)
            return TestSendProblem.CertificatePinMismatch;

        var errors = failure.Certificate?.PolicyErrors ?? string.Empty;
        if (errors.Contains("RemoteCertificateNameMismatch", StringComparison.Ordinal)
            && !errors.Contains("RemoteCertificateChainErrors", StringComparison.Ordinal))
        {
            return TestSendProblem.CertificateNameMismatch;
        }

        return TestSendProblem.CertificateUntrusted;
    }

    private static bool IsRelayDenial(SmtpSendException failure)
    {
        var reply = failure.ServerReply ?? string.Empty;
        return failure.ReplyCode is 550 or 554
            && (reply.Contains("5.7.1", StringComparison.Ordinal) || reply.Contains("relay", StringComparison.OrdinalIgnoreCase));
    }

    private static bool NoGreeting(SmtpSendException failure)
    {
        return failure.Transcript == null || !failure.Transcript.Contains("S: 220", StringComparison.Ordinal);
    }
}
