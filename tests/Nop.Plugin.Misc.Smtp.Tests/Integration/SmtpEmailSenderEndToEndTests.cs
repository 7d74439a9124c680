using System.Security.Cryptography;
using System.Text;
using MimeKit;
using Nop.Plugin.Misc.Smtp.Domain;
using Nop.Plugin.Misc.Smtp.Services;
using Nop.Plugin.Misc.Smtp.Tests.Infrastructure;

namespace Nop.Plugin.Misc.Smtp.Tests.Integration;

/// <summary>
/// A store email sent through the plugin's IEmailSender reaches a real SMTP server, and the server receives exactly
/// what nopCommerce asked for.
/// </summary>
public class SmtpEmailSenderEndToEndTests
{
    private const string User = SenderHarness.Username;
    private const string Password = SenderHarness.Password;

    private static Task<RealSmtpServer> StartServerAsync(RealSmtpTls tls, bool requireAuth = false)
    {
        return RealSmtpServer.StartAsync(new RealSmtpServerOptions
        {
            Tls = tls,
            RequireAuth = requireAuth,
            Users = new Dictionary<string, string> { [User] = Password }
        });
    }

    private static string Pin() => TestCertificates.Sha256Thumbprint(TestCertificates.Localhost);

    private static SenderHarness WithWrongPassword(SenderHarness harness, string password)
    {
        harness.Settings.ProtectedPassword = harness.Protector.Protect(password);
        return harness;
    }

    [Fact]
    public async Task Send_OverStartTlsWithAuth_DeliversTheStoreEmailByteCorrect()
    {
        await using var server = await StartServerAsync(RealSmtpTls.StartTlsRequired, requireAuth: true);
        await using var harness = new SenderHarness().UseServer(server.Port, SmtpSecurity.StartTlsRequired,
            authentication: SmtpAuthentication.Auto, certificateCheck: CertificateCheck.Pinned, pinnedThumbprint: Pin());
        var attachment = Path.GetTempFileName();
        var attachmentBytes = RandomNumberGenerator.GetBytes(150_000);
        await File.WriteAllBytesAsync(attachment, attachmentBytes);

        try
        {
            await harness.SendAsync(subject: "Bestellung Nr. 1001 — bestätigt ✓", body: "<h1>Danke, Zoë!</h1><p>Ümlaut &amp; more</p>",
                to: "customer@example.org", toName: "Zoë Ångström", fromName: "Boutique « Été »",
                cc: [" cc@example.org "], bcc: ["hidden@example.net", ""], replyTo: "help@example.com",
                attachmentFilePath: attachment, attachmentFileName: "Rechnung 1001.pdf",
                headers: new Dictionary<string, string> { ["X-Order-Id"] = "1001" });
        }
        finally
        {
            File.Delete(attachment);
        }

        var received = await server.WaitForMessagesAsync(1, TimeSpan.FromSeconds(10));
        Assert.True(received.Secure);
        Assert.Equal(User, received.AuthenticatedUser);
        Assert.Equal("shop@example.com", received.EnvelopeFrom);
        Assert.Equal(new[] { "cc@example.org", "customer@example.org", "hidden@example.net" }, received.EnvelopeRecipients.Order(StringComparer.Ordinal));

        var message = received.Parsed;
        Assert.Equal("Bestellung Nr. 1001 — bestätigt ✓", message.Subject);
        Assert.Equal("Zoë Ångström", message.To.Mailboxes.Single().Name);
        Assert.Equal("Boutique « Été »", message.From.Mailboxes.Single().Name);
        Assert.Equal("cc@example.org", message.Cc.Mailboxes.Single().Address);
        Assert.Empty(message.Bcc);
        Assert.False(message.Headers.Contains(HeaderId.Bcc));
        Assert.DoesNotContain("hidden@example.net", Encoding.UTF8.GetString(received.RawBytes));
        Assert.Equal("help@example.com", message.ReplyTo.Mailboxes.Single().Address);
        Assert.Equal("1001", message.Headers["X-Order-Id"]);
        Assert.Equal("<h1>Danke, Zoë!</h1><p>Ümlaut &amp; more</p>", message.HtmlBody.TrimEnd('\r', '\n'));

        var part = message.Attachments.OfType<MimePart>().Single();
        Assert.Equal("Rechnung 1001.pdf", part.FileName);
        using var decoded = new MemoryStream();
        await part.Content.DecodeToAsync(decoded);
        Assert.Equal(attachmentBytes, decoded.ToArray());

        var entry = Assert.Single(harness.Log.Entries);
        Assert.Equal(SendStatus.Sent, entry.Status);
        Assert.True(entry.SizeBytes > attachmentBytes.Length);
    }

    [Fact]
    public async Task Send_PlainServer_WithoutAuth_Delivers()
    {
        await using var server = await StartServerAsync(RealSmtpTls.None);
        await using var harness = new SenderHarness().UseServer(server.Port, SmtpSecurity.None);

        await harness.SendAsync(to: "customer@example.org");

        var received = await server.WaitForMessagesAsync(1, TimeSpan.FromSeconds(10));
        Assert.False(received.Secure);
        Assert.Equal(["customer@example.org"], received.EnvelopeRecipients);
        Assert.Equal("Order #1001 confirmed", received.Parsed.Subject);
    }

    [Fact]
    public async Task Send_WithAlwaysSendFrom_LogsTheSenderTheRecipientSees()
    {
        await using var server = await StartServerAsync(RealSmtpTls.None);
        await using var harness = new SenderHarness().UseServer(server.Port, SmtpSecurity.None);
        harness.Settings.ForceFromAddress = "verified@example.com";
        harness.Settings.ForceFromName = "Verified Shop";

        await harness.SendAsync(from: "account@example.com", fromName: "Account");

        var received = await server.WaitForMessagesAsync(1, TimeSpan.FromSeconds(10));
        var sentFrom = received.Parsed.From.Mailboxes.Single();
        var entry = Assert.Single(harness.Log.Entries);
        Assert.Equal(("verified@example.com", "Verified Shop"), (sentFrom.Address, sentFrom.Name));
        Assert.Equal((sentFrom.Address, sentFrom.Name), (entry.FromAddress, entry.FromName));
        Assert.Contains("account@example.com", entry.Notes);
    }

    [Fact]
    public async Task Send_ImplicitTls_WithPinnedCertificate_Delivers()
    {
        await using var server = await StartServerAsync(RealSmtpTls.ImplicitTls, requireAuth: true);
        await using var harness = new SenderHarness().UseServer(server.Port, SmtpSecurity.SslOnConnect,
            authentication: SmtpAuthentication.Plain, certificateCheck: CertificateCheck.Pinned, pinnedThumbprint: Pin());

        await harness.SendAsync();

        var received = await server.WaitForMessagesAsync(1, TimeSpan.FromSeconds(10));
        Assert.True(received.Secure);
        Assert.Equal(User, received.AuthenticatedUser);
    }

    [Theory]
    [InlineData(SmtpAuthentication.Plain)]
    [InlineData(SmtpAuthentication.Login)]
    [InlineData(SmtpAuthentication.Auto)]
    public async Task Send_WithRightCredentials_Authenticates(SmtpAuthentication mechanism)
    {
        await using var server = await StartServerAsync(RealSmtpTls.StartTls, requireAuth: true);
        await using var harness = new SenderHarness().UseServer(server.Port, SmtpSecurity.StartTlsRequired,
            authentication: mechanism, certificateCheck: CertificateCheck.Pinned, pinnedThumbprint: Pin());

        await harness.SendAsync();

        var received = await server.WaitForMessagesAsync(1, TimeSpan.FromSeconds(10));
        Assert.Equal(User, received.AuthenticatedUser);
    }

    [Theory]
    [InlineData(SmtpAuthentication.Plain)]
    [InlineData(SmtpAuthentication.Login)]
    public async Task Send_WithWrongPassword_FailsWithAnAuthErrorThatHoldsNoSecret(SmtpAuthentication mechanism)
    {
        await using var server = await StartServerAsync(RealSmtpTls.StartTls, requireAuth: true);
        await using var harness = WithWrongPassword(new SenderHarness().UseServer(server.Port, SmtpSecurity.StartTlsRequired,
            authentication: mechanism, certificateCheck: CertificateCheck.Pinned, pinnedThumbprint: Pin()), "wr0ng-Pass");

        var failure = await Assert.ThrowsAsync<SmtpSendException>(() => harness.SendAsync());

        Assert.Equal(SmtpFailureReason.Auth, failure.Reason);
        Assert.Equal(535, failure.ReplyCode);
        Assert.Empty(server.Messages);
        var entry = Assert.Single(harness.Log.Entries);
        Assert.Equal(SendStatus.Failed, entry.Status);
        foreach (var text in new[] { failure.Message, failure.Transcript, entry.Error, entry.Transcript })
        {
            Assert.DoesNotContain("wr0ng-Pass", text);
            Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes("wr0ng-Pass")), text);
            Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0{User}\0wr0ng-Pass")), text);
        }

        Assert.Contains("AUTH", failure.Transcript);
    }

    [Fact]
    public async Task Send_ManyEmails_ReuseOneConnection()
    {
        await using var server = await StartServerAsync(RealSmtpTls.StartTls, requireAuth: true);
        await using var harness = new SenderHarness().UseServer(server.Port, SmtpSecurity.StartTlsRequired,
            authentication: SmtpAuthentication.Auto, certificateCheck: CertificateCheck.Pinned, pinnedThumbprint: Pin());

        for (var i = 0; i < 20; i++)
            await harness.SendAsync(subject: $"Message {i}");

        await server.WaitForMessagesAsync(20, TimeSpan.FromSeconds(10));
        Assert.Equal(1, server.SessionsOpened);
        Assert.Equal(1, harness.Pool.ConnectionsOpened);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"Message {i}"), server.Messages.Select(message => message.Parsed.Subject));
    }
}
