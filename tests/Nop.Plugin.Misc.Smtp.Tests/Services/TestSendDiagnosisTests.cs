using System.Net.Sockets;
using Nop.Plugin.Misc.Smtp.Domain;
using Nop.Plugin.Misc.Smtp.Services;

namespace Nop.Plugin.Misc.Smtp.Tests.Services;

public class TestSendDiagnosisTests
{
    private static SmtpEndpoint Endpoint(int port = 587, SmtpSecurity security = SmtpSecurity.StartTlsRequired,
        CertificateCheck check = CertificateCheck.Strict)
    {
        return new SmtpEndpoint { Host = "smtp.example.com", Port = port, Security = security, CertificateCheck = check };
    }

    private static ServerCertificateInfo Certificate(string policyErrors) =>
        new("CN=mail.example.net", "CN=Example CA", DateTime.UtcNow.AddDays(30), new string('A', 64), policyErrors, []);

    public static TheoryData<SmtpSendException, SmtpEndpoint, TestSendProblem> Cases() => new()
    {
        { new(SmtpFailureReason.Connect, "x", innerException: new SocketException((int)SocketError.HostNotFound)), Endpoint(), TestSendProblem.HostNotFound },
        { new(SmtpFailureReason.Connect, "x", innerException: new SocketException((int)SocketError.ConnectionRefused)), Endpoint(), TestSendProblem.ConnectionRefused },
        { new(SmtpFailureReason.Timeout, "x") { Transcript = "S: 220 ready\n" }, Endpoint(), TestSendProblem.Timeout },
        { new(SmtpFailureReason.Timeout, "x") { Transcript = "# connected\n" }, Endpoint(465, SmtpSecurity.StartTlsRequired), TestSendProblem.WrongSecurityForPort },
        { new(SmtpFailureReason.Tls, "x", innerException: new IOException("handshake")), Endpoint(587, SmtpSecurity.SslOnConnect), TestSendProblem.WrongSecurityForPort },
        { new(SmtpFailureReason.Tls, "x", innerException: new NotSupportedException("no STARTTLS")), Endpoint(), TestSendProblem.StartTlsNotOffered },
        { new(SmtpFailureReason.Certificate, "x") { Certificate = Certificate("RemoteCertificateChainErrors") }, Endpoint(), TestSendProblem.CertificateUntrusted },
        { new(SmtpFailureReason.Certificate, "x") { Certificate = Certificate("RemoteCertificateNameMismatch") }, Endpoint(), TestSendProblem.CertificateNameMismatch },
        { new(SmtpFailureReason.Certificate, "x") { Certificate = Certificate("None") }, Endpoint(check: CertificateCheck.Pinned), TestSendProblem.CertificatePinMismatch },
        { new(SmtpFailureReason.Auth, "x", 535, "5.7.8 Authentication credentials invalid"), Endpoint(), TestSendProblem.AuthenticationFailed },
        { new(SmtpFailureReason.Auth, "x", innerException: new NotSupportedException("no AUTH")), Endpoint(), TestSendProblem.AuthenticationNotOffered },
        { new(SmtpFailureReason.Recipient, "x", 550, "5.7.1 Relaying denied", "a@example.org"), Endpoint(), TestSendProblem.RelayDenied },
        { new(SmtpFailureReason.Recipient, "x", 550, "5.1.1 No such user", "a@example.org"), Endpoint(), TestSendProblem.RecipientRejected },
        { new(SmtpFailureReason.Sender, "x", 553, "5.7.1 Sender address rejected: not owned by user", "shop@example.com"), Endpoint(), TestSendProblem.SenderRejected },
        { new(SmtpFailureReason.Message, "x", 552, "5.3.4 Message size exceeds fixed limit"), Endpoint(), TestSendProblem.MessageTooLarge },
        { new(SmtpFailureReason.Message, "x", 554, "5.7.1 Spam"), Endpoint(), TestSendProblem.MessageRejected },
        { new(SmtpFailureReason.Recipient, "x", 450, "4.2.0 Greylisted, try again later", "a@example.org"), Endpoint(), TestSendProblem.Greylisted },
        { new(SmtpFailureReason.Sender, "x", 451, "4.7.1 Please try again later", "shop@example.com"), Endpoint(), TestSendProblem.Greylisted },
        { new(SmtpFailureReason.Configuration, "x"), Endpoint(), TestSendProblem.Configuration },
        { new(SmtpFailureReason.Input, "x"), Endpoint(), TestSendProblem.InvalidInput },
        { new(SmtpFailureReason.OutcomeUnknown, "x"), Endpoint(), TestSendProblem.OutcomeUnknown },
        { new(SmtpFailureReason.Connect, "x", innerException: new IOException("reset")) { Transcript = "S: 220 hi\n" }, Endpoint(), TestSendProblem.ConnectionLost }
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Diagnose_NamesTheLikelyProblem(SmtpSendException failure, SmtpEndpoint endpoint, TestSendProblem expected)
    {
        Assert.Equal(expected, TestSendDiagnosis.Diagnose(failure, endpoint));
    }

    [Fact]
    public void EveryProblem_HasAnInstalledDiagnosisAndHint()
    {
        foreach (var problem in Enum.GetValues<TestSendProblem>())
        {
            var (diagnosis, hint) = TestSendDiagnosis.GetTextKeys(problem);
            Assert.True(SmtpResources.English.ContainsKey(diagnosis), diagnosis);
            Assert.True(SmtpResources.English.ContainsKey(hint), hint);
        }
    }

    [Theory]
    [InlineData(TestSendProblem.CertificateUntrusted, true)]
    [InlineData(TestSendProblem.CertificateNameMismatch, true)]
    [InlineData(TestSendProblem.CertificatePinMismatch, true)]
    [InlineData(TestSendProblem.AuthenticationFailed, false)]
    [InlineData(TestSendProblem.None, false)]
    public void CanPin_OnlyForCertificateProblems(TestSendProblem problem, bool canPin)
    {
        Assert.Equal(canPin, TestSendDiagnosis.CanPin(problem));
    }
}
