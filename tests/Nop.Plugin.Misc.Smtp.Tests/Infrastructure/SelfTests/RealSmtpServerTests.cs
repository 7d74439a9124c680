#nullable enable
using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Xunit;

namespace Nop.Plugin.Misc.Smtp.Tests.Infrastructure.SelfTests;

public sealed class RealSmtpServerTests
{
    private static readonly Dictionary<string, string> _users = new() { ["alice"] = "s3cret" };

    [Fact]
    public async Task PlainSend_CapturesEnvelopeRawBytesAndParsedMessage()
    {
        await using var server = await RealSmtpServer.StartAsync(new RealSmtpServerOptions());
        var message = SelfTestMail.CreateMessage();
        var recipients = new[] { new MailboxAddress("", "customer@example.test"), new MailboxAddress("", "bcc@example.test") };

        using (var client = SelfTestMail.CreateClient())
        {
            await client.ConnectAsync(server.Host, server.Port, SecureSocketOptions.None);
            await client.SendAsync(message, new MailboxAddress("", "bounce@example.test"), recipients);
            await client.DisconnectAsync(true);
        }

        var received = await server.WaitForMessagesAsync(1, SelfTestMail.Wait);
        Assert.Equal("bounce@example.test", received.EnvelopeFrom);
        Assert.Equal(new[] { "customer@example.test", "bcc@example.test" }, received.EnvelopeRecipients);
        Assert.Equal("8BITMIME", received.MailParameters["BODY"]);
        Assert.False(received.Secure);
        Assert.Null(received.AuthenticatedUser);
        Assert.Null(received.WireBytes);
        Assert.Equal("250 Ok", received.FinalReply);
        Assert.Equal("Self-test", received.Parsed.Subject);
        // MimeKit hands parsed text back with the platform's line endings.
        Assert.Equal(SelfTestMail.Body, received.Parsed.TextBody?.ReplaceLineEndings("\r\n"));

        var raw = SelfTestMail.Text(received.RawBytes);
        Assert.Contains("\r\n.a line that starts with a dot\r\n..two dots\r\n", raw);
        Assert.Contains("Grüße, Zoë", raw);
        Assert.EndsWith("\r\n", raw);
        using var expected = new MemoryStream();
        var wireFormat = FormatOptions.Default.Clone();
        wireFormat.NewLineFormat = NewLineFormat.Dos;
        message.WriteTo(wireFormat, expected);
        Assert.Equal(expected.ToArray(), received.RawBytes);
    }

    [Fact]
    public async Task Ehlo_AdvertisesPipelining8BitMimeSmtpUtf8ButNotChunking()
    {
        await using var server = await RealSmtpServer.StartAsync(new RealSmtpServerOptions
        {
            Tls = RealSmtpTls.StartTls,
            Users = _users,
            MaxMessageSize = 100_000
        });
        using var client = SelfTestMail.CreateClient();

        await client.ConnectAsync(server.Host, server.Port, SecureSocketOptions.None);

        var capabilities = client.Capabilities;
        Assert.True(capabilities.HasFlag(SmtpCapabilities.Pipelining));
        Assert.True(capabilities.HasFlag(SmtpCapabilities.EightBitMime));
        Assert.True(capabilities.HasFlag(SmtpCapabilities.UTF8));
        Assert.True(capabilities.HasFlag(SmtpCapabilities.StartTLS));
        Assert.True(capabilities.HasFlag(SmtpCapabilities.Size));
        Assert.Equal(100_000u, client.MaxSize);
        Assert.False(capabilities.HasFlag(SmtpCapabilities.Chunking));
        Assert.False(capabilities.HasFlag(SmtpCapabilities.EnhancedStatusCodes));
        Assert.Equal(new[] { "PLAIN", "LOGIN" }, client.AuthenticationMechanisms.OrderByDescending(name => name));
        await client.DisconnectAsync(true);
    }

    [Fact]
    public async Task StartTls_SendsOverTlsWithSelfSignedCertificate()
    {
        await using var server = await RealSmtpServer.StartAsync(new RealSmtpServerOptions { Tls = RealSmtpTls.StartTls });
        using var client = SelfTestMail.CreateClient();

        await client.ConnectAsync(server.Host, server.Port, SecureSocketOptions.StartTls);
        await client.SendAsync(SelfTestMail.CreateMessage());
        await client.DisconnectAsync(true);

        Assert.True(client.IsSecure || !client.IsConnected);
        Assert.True((await server.WaitForMessagesAsync(1, SelfTestMail.Wait)).Secure);
    }

    [Fact]
    public async Task StartTlsRequired_RefusesPlainMailAndHidesAuthUntilTls()
    {
        await using var server = await RealSmtpServer.StartAsync(new RealSmtpServerOptions
        {
            Tls = RealSmtpTls.StartTlsRequired,
            Users = _users
        });

        using (var plain = SelfTestMail.CreateClient())
        {
            await plain.ConnectAsync(server.Host, server.Port, SecureSocketOptions.None);
            Assert.Empty(plain.AuthenticationMechanisms);
            // MailKit turns a 530 reply into ServiceNotAuthenticatedException, not SmtpCommandException.
            var refused = await Assert.ThrowsAsync<MailKit.ServiceNotAuthenticatedException>(
                () => plain.SendAsync(SelfTestMail.CreateMessage()));
            Assert.Contains("STARTTLS", refused.Message);
        }

        using var secure = SelfTestMail.CreateClient();
        await secure.ConnectAsync(server.Host, server.Port, SecureSocketOptions.StartTls);
        Assert.Contains("PLAIN", secure.AuthenticationMechanisms);
        await secure.AuthenticateAsync("alice", "s3cret");
        await secure.SendAsync(SelfTestMail.CreateMessage());

        var received = await server.WaitForMessagesAsync(1, SelfTestMail.Wait);
        Assert.True(received.Secure);
        Assert.Equal("alice", received.AuthenticatedUser);
    }

    [Fact]
    public async Task ImplicitTls_SendsOverTls()
    {
        await using var server = await RealSmtpServer.StartAsync(new RealSmtpServerOptions { Tls = RealSmtpTls.ImplicitTls });
        using var client = SelfTestMail.CreateClient();

        await client.ConnectAsync(server.Host, server.Port, SecureSocketOptions.SslOnConnect);
        Assert.True(client.IsSecure);
        Assert.False(client.Capabilities.HasFlag(SmtpCapabilities.StartTLS));
        await client.SendAsync(SelfTestMail.CreateMessage());
        await client.DisconnectAsync(true);

        Assert.True((await server.WaitForMessagesAsync(1, SelfTestMail.Wait)).Secure);
    }

    [Fact]
    public async Task UntrustedCertificate_FailsTheClientHandshake()
    {
        using var other = TestCertificates.CreateSelfSigned();
        await using var server = await RealSmtpServer.StartAsync(new RealSmtpServerOptions
        {
            Tls = RealSmtpTls.ImplicitTls,
            Certificate = other
        });
        using var client = SelfTestMail.CreateClient();

        await Assert.ThrowsAsync<SslHandshakeException>(
            () => client.ConnectAsync(server.Host, server.Port, SecureSocketOptions.SslOnConnect));
    }

    [Theory]
    [InlineData("PLAIN")]
    [InlineData("LOGIN")]
    public async Task Auth_RightPasswordAuthenticates(string mechanism)
    {
        await using var server = await RealSmtpServer.StartAsync(new RealSmtpServerOptions { RequireAuth = true, Users = _users });
        using var client = SelfTestMail.CreateClient();

        await client.ConnectAsync(server.Host, server.Port, SecureSocketOptions.None);
        await client.AuthenticateAsync(Mechanism(mechanism, "alice", "s3cret"));
        await client.SendAsync(SelfTestMail.CreateMessage());
        await client.DisconnectAsync(true);

        Assert.Equal("alice", (await server.WaitForMessagesAsync(1, SelfTestMail.Wait)).AuthenticatedUser);
        Assert.Equal(new[] { ("alice", "s3cret", true) }, server.AuthenticationAttempts);
    }

    [Theory]
    [InlineData("PLAIN")]
    [InlineData("LOGIN")]
    public async Task Auth_WrongPasswordFails(string mechanism)
    {
        await using var server = await RealSmtpServer.StartAsync(new RealSmtpServerOptions { RequireAuth = true, Users = _users });
        using var client = SelfTestMail.CreateClient();

        await client.ConnectAsync(server.Host, server.Port, SecureSocketOptions.None);

        await Assert.ThrowsAsync<AuthenticationException>(
            () => client.AuthenticateAsync(Mechanism(mechanism, "alice", "wrong")));
        Assert.Equal(new[] { ("alice", "wrong", false) }, server.AuthenticationAttempts);
    }

    [Fact]
    public async Task RequireAuth_RefusesMailWithoutAuth()
    {
        await using var server = await RealSmtpServer.StartAsync(new RealSmtpServerOptions { RequireAuth = true, Users = _users });
        using var client = SelfTestMail.CreateClient();

        await client.ConnectAsync(server.Host, server.Port, SecureSocketOptions.None);

        await Assert.ThrowsAsync<MailKit.ServiceNotAuthenticatedException>(
            () => client.SendAsync(SelfTestMail.CreateMessage()));
        Assert.Empty(server.Messages);
    }

    [Fact]
    public async Task MaxMessageSize_RejectsALargerMessage()
    {
        await using var server = await RealSmtpServer.StartAsync(new RealSmtpServerOptions { MaxMessageSize = 2_000 });
        var message = SelfTestMail.CreateMessage();
        message.Body = new TextPart("plain") { Text = new string('x', 5_000) };
        using var client = SelfTestMail.CreateClient();

        await client.ConnectAsync(server.Host, server.Port, SecureSocketOptions.None);

        var refused = await Assert.ThrowsAsync<SmtpCommandException>(() => client.SendAsync(message));
        Assert.Equal(SmtpStatusCode.ExceededStorageAllocation, refused.StatusCode);
        Assert.Empty(server.Messages);
    }

    [Fact]
    public async Task MaxMessageSize_RejectsOversizedContentSentWithoutSizeParameter()
    {
        await using var server = await RealSmtpServer.StartAsync(new RealSmtpServerOptions { MaxMessageSize = 2_000 });
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port);
        using var timeout = new CancellationTokenSource(SelfTestMail.Wait);
        var stream = tcp.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        Assert.StartsWith("220 ", await reader.ReadLineAsync(timeout.Token));

        // Pipelined in one write, which the package handles as well.
        await SelfTestMail.WriteAsync(stream, "EHLO raw\r\nMAIL FROM:<a@example.test>\r\nRCPT TO:<b@example.test>\r\nDATA\r\n");
        Assert.Equal(new[] { "250", "250", "250", "354" }, await SelfTestMail.ReadReplyCodesAsync(reader, 4, timeout.Token));
        await SelfTestMail.WriteAsync(stream, "Subject: big\r\n\r\n" + new string('x', 3_000) + "\r\n.\r\n");

        Assert.Equal(new[] { "552" }, await SelfTestMail.ReadReplyCodesAsync(reader, 1, timeout.Token));
        Assert.Empty(server.Messages);
    }

    [Fact]
    public async Task Counters_TrackSessionsAndMessagesPerConnection()
    {
        await using var server = await RealSmtpServer.StartAsync(new RealSmtpServerOptions());
        using var first = SelfTestMail.CreateClient();
        using var second = SelfTestMail.CreateClient();

        await first.ConnectAsync(server.Host, server.Port, SecureSocketOptions.None);
        await second.ConnectAsync(server.Host, server.Port, SecureSocketOptions.None);
        await first.SendAsync(SelfTestMail.CreateMessage("one"));
        await first.SendAsync(SelfTestMail.CreateMessage("two"));
        await server.WaitForConnectionsOpenNowAsync(2, SelfTestMail.Wait);
        await first.DisconnectAsync(true);
        await second.DisconnectAsync(true);
        await server.WaitForConnectionsOpenNowAsync(0, SelfTestMail.Wait);

        Assert.Equal(2, server.SessionsOpened);
        Assert.Equal(2, server.PeakConcurrentSessions);
        var messages = server.Messages;
        Assert.Equal(new[] { 0, 1 }, messages.Select(message => message.MessageIndexOnConnection));
        Assert.Single(messages.Select(message => message.ConnectionIndex).Distinct());
    }

    [Fact]
    public async Task WaitForMessages_TimesOutWithACount()
    {
        await using var server = await RealSmtpServer.StartAsync(new RealSmtpServerOptions());

        var timeout = await Assert.ThrowsAsync<TimeoutException>(
            () => server.WaitForMessagesAsync(1, TimeSpan.FromMilliseconds(100)));
        Assert.Contains("got 0", timeout.Message);
    }

    [Fact]
    public async Task Dispose_WithAClientStillConnected_DoesNotHang()
    {
        var server = await RealSmtpServer.StartAsync(new RealSmtpServerOptions());
        using var client = SelfTestMail.CreateClient();
        await client.ConnectAsync(server.Host, server.Port, SecureSocketOptions.None);
        var stopwatch = Stopwatch.StartNew();

        await server.DisposeAsync();

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"Dispose took {stopwatch.Elapsed}.");
    }

    private static SaslMechanism Mechanism(string name, string user, string password)
    {
        var credentials = new System.Net.NetworkCredential(user, password);
        return name == "PLAIN" ? new SaslMechanismPlain(credentials) : new SaslMechanismLogin(credentials);
    }
}
