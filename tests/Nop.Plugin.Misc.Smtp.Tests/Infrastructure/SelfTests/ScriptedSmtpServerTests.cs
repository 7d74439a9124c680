#nullable enable
using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Xunit;

namespace Nop.Plugin.Misc.Smtp.Tests.Infrastructure.SelfTests;

public sealed class ScriptedSmtpServerTests
{
    [Fact]
    public async Task DefaultBehaviour_AcceptsAMessageAndRecordsTheSession()
    {
        await using var server = ScriptedSmtpServer.Start();
        var message = SelfTestMail.CreateMessage();

        using (var client = SelfTestMail.CreateClient())
        {
            await client.ConnectAsync(server.Host, server.Port, SecureSocketOptions.None);
            await client.SendAsync(message, new MailboxAddress("", "bounce@example.test"),
                new[] { new MailboxAddress("", "a@example.test"), new MailboxAddress("", "b@example.test") });
            await client.DisconnectAsync(true);
        }

        var received = await server.WaitForMessagesAsync(1, SelfTestMail.Wait);
        Assert.Equal("bounce@example.test", received.EnvelopeFrom);
        Assert.Equal(new[] { "a@example.test", "b@example.test" }, received.EnvelopeRecipients);
        Assert.Equal("8BITMIME", received.MailParameters["BODY"]);
        Assert.Equal("Self-test", received.Parsed.Subject);
        Assert.Equal((0, 0, false), (received.ConnectionIndex, received.MessageIndexOnConnection, received.Secure));
        Assert.StartsWith("250 ", received.FinalReply);

        // The content is unstuffed; the wire bytes are as sent, dot-stuffed and with the terminator.
        var wireFormat = FormatOptions.Default.Clone();
        wireFormat.NewLineFormat = NewLineFormat.Dos;
        using var expected = new MemoryStream();
        message.WriteTo(wireFormat, expected);
        Assert.Equal(expected.ToArray(), received.RawBytes);
        var wire = SelfTestMail.Text(received.WireBytes!);
        Assert.Contains("\r\n..a line that starts with a dot\r\n...two dots\r\n", wire);
        Assert.EndsWith("\r\n.\r\n", wire);

        await server.WaitForConnectionsOpenNowAsync(0, SelfTestMail.Wait);
        var connection = Assert.Single(server.Connections);
        Assert.Equal(new[] { "EHLO", "MAIL", "RCPT", "RCPT", "DATA", "QUIT" }, connection.Commands);
        Assert.Equal(1, connection.MessagesAccepted);
        Assert.False(connection.IsOpen);
    }

    [Fact]
    public async Task BothServers_StoreTheSameContentForTheSameMessage()
    {
        await using var scripted = ScriptedSmtpServer.Start();
        await using var real = await RealSmtpServer.StartAsync(new RealSmtpServerOptions());
        var message = SelfTestMail.CreateMessage();

        foreach (var (host, port) in new[] { (scripted.Host, scripted.Port), (real.Host, real.Port) })
        {
            using var client = SelfTestMail.CreateClient();
            await client.ConnectAsync(host, port, SecureSocketOptions.None);
            await client.SendAsync(message);
            await client.DisconnectAsync(true);
        }

        Assert.Equal((await real.WaitForMessagesAsync(1, SelfTestMail.Wait)).RawBytes,
            (await scripted.WaitForMessagesAsync(1, SelfTestMail.Wait)).RawBytes);
    }

    [Fact]
    public async Task StartTls_UpgradesAndStartsTheSessionOver()
    {
        await using var server = ScriptedSmtpServer.Start(new ScriptedSmtpServerOptions { OfferStartTls = true });
        using var client = SelfTestMail.CreateClient();

        await client.ConnectAsync(server.Host, server.Port, SecureSocketOptions.StartTls);
        Assert.True(client.IsSecure);
        // Only the first EHLO reply offers STARTTLS (MailKit keeps the flag in Capabilities after the upgrade).
        Assert.Single(server.Connections[0].Conversation, line => line.StartsWith("S: 250", StringComparison.Ordinal)
            && line.EndsWith("STARTTLS", StringComparison.Ordinal));
        await client.SendAsync(SelfTestMail.CreateMessage());
        await client.DisconnectAsync(true);

        Assert.True((await server.WaitForMessagesAsync(1, SelfTestMail.Wait)).Secure);
        Assert.Equal(new[] { "EHLO", "STARTTLS", "EHLO", "MAIL", "RCPT", "DATA", "QUIT" }, server.Connections[0].Commands);
    }

    [Fact]
    public async Task ImplicitTls_GreetsAfterTheHandshake()
    {
        await using var server = ScriptedSmtpServer.Start(new ScriptedSmtpServerOptions { ImplicitTls = true });
        using var client = SelfTestMail.CreateClient();

        await client.ConnectAsync(server.Host, server.Port, SecureSocketOptions.SslOnConnect);
        await client.SendAsync(SelfTestMail.CreateMessage());
        await client.DisconnectAsync(true);

        Assert.True((await server.WaitForMessagesAsync(1, SelfTestMail.Wait)).Secure);
    }

    [Fact]
    public async Task StartTlsAdvertisedButRefusedWith454_FailsTheStartTlsConnect()
    {
        await using var server = ScriptedSmtpServer.Start(new ScriptedSmtpServerOptions
        {
            OfferStartTls = true,
            OnCommand = (command, _, _) => command == "STARTTLS" ? "454 4.7.0 TLS not available due to temporary reason" : null
        });
        using var client = SelfTestMail.CreateClient();

        var refused = await Assert.ThrowsAsync<SmtpCommandException>(
            () => client.ConnectAsync(server.Host, server.Port, SecureSocketOptions.StartTls));

        Assert.Equal((SmtpStatusCode)454, refused.StatusCode);
        Assert.Equal(SmtpErrorCode.UnexpectedStatusCode, refused.ErrorCode);
    }

    [Theory]
    [InlineData("PLAIN", "s3cret", true)]
    [InlineData("PLAIN", "wrong", false)]
    [InlineData("LOGIN", "s3cret", true)]
    [InlineData("LOGIN", "wrong", false)]
    public async Task Auth_ChecksTheConfiguredUser(string mechanism, string password, bool succeeds)
    {
        await using var server = ScriptedSmtpServer.Start(new ScriptedSmtpServerOptions
        {
            RequireAuth = true,
            Users = new Dictionary<string, string> { ["alice"] = "s3cret" }
        });
        using var client = SelfTestMail.CreateClient();
        await client.ConnectAsync(server.Host, server.Port, SecureSocketOptions.None);
        Assert.Equal(new[] { "PLAIN", "LOGIN" }, client.AuthenticationMechanisms.OrderByDescending(name => name));
        var credentials = new System.Net.NetworkCredential("alice", password);
        SaslMechanism sasl = mechanism == "PLAIN" ? new SaslMechanismPlain(credentials) : new SaslMechanismLogin(credentials);

        if (succeeds)
        {
            await client.AuthenticateAsync(sasl);
            await client.SendAsync(SelfTestMail.CreateMessage());
            Assert.Equal("alice", (await server.WaitForMessagesAsync(1, SelfTestMail.Wait)).AuthenticatedUser);
        }
        else
        {
            await Assert.ThrowsAsync<AuthenticationException>(() => client.AuthenticateAsync(sasl));
            await Assert.ThrowsAsync<ServiceNotAuthenticatedException>(() => client.SendAsync(SelfTestMail.CreateMessage()));
        }

        Assert.Equal(new[] { ("alice", password, succeeds) }, server.AuthenticationAttempts);
        Assert.Equal(new[] { "EHLO", "AUTH" }, server.Connections[0].Commands.Take(2));
        Assert.Equal(mechanism, server.Connections[0].ClientLines.First(line => line.StartsWith("AUTH")).Split(' ')[1]);
    }

    [Fact]
    public async Task RcptRejectedWith550_SurfacesAsSmtpCommandException()
    {
        await using var server = ScriptedSmtpServer.Start(new ScriptedSmtpServerOptions
        {
            OnCommand = (command, _, _) => command.StartsWith("RCPT", StringComparison.Ordinal)
                ? "550 5.1.1 <customer@example.test>: no such user"
                : null
        });
        using var client = SelfTestMail.CreateClient();
        await client.ConnectAsync(server.Host, server.Port, SecureSocketOptions.None);

        var refused = await Assert.ThrowsAsync<SmtpCommandException>(() => client.SendAsync(SelfTestMail.CreateMessage()));

        Assert.Equal(SmtpErrorCode.RecipientNotAccepted, refused.ErrorCode);
        Assert.Equal(SmtpStatusCode.MailboxUnavailable, refused.StatusCode);
        Assert.Equal("customer@example.test", refused.Mailbox?.Address);
        Assert.Empty(server.AllMessages);
    }

    [Fact]
    public async Task Greeting421_FailsConnect()
    {
        await using var server = ScriptedSmtpServer.Start(new ScriptedSmtpServerOptions
        {
            Greeting = "421 4.3.2 Service not available, closing channel"
        });
        using var client = SelfTestMail.CreateClient();

        var refused = await Assert.ThrowsAsync<SmtpCommandException>(
            () => client.ConnectAsync(server.Host, server.Port, SecureSocketOptions.None));

        Assert.Equal(SmtpStatusCode.ServiceNotAvailable, refused.StatusCode);
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task OnConnect_CanRefuseOnlyTheFirstConnection()
    {
        await using var server = ScriptedSmtpServer.Start(new ScriptedSmtpServerOptions
        {
            OnConnect = index => index == 0 ? "554 5.3.2 not now" : null
        });
        using var client = SelfTestMail.CreateClient();

        await Assert.ThrowsAsync<SmtpCommandException>(
            () => client.ConnectAsync(server.Host, server.Port, SecureSocketOptions.None));
        await client.ConnectAsync(server.Host, server.Port, SecureSocketOptions.None);
        await client.SendAsync(SelfTestMail.CreateMessage());

        Assert.Equal(2, server.ConnectionsAccepted);
        Assert.Equal(1, (await server.WaitForMessagesAsync(1, SelfTestMail.Wait)).ConnectionIndex);
    }

    [Fact]
    public async Task DisconnectAfterTheFinalDot_MakesSendThrowButTheDataArrived()
    {
        await using var server = ScriptedSmtpServer.Start(new ScriptedSmtpServerOptions
        {
            OnMessageEnd = _ => Reply.Disconnect
        });
        using var client = SelfTestMail.CreateClient();
        await client.ConnectAsync(server.Host, server.Port, SecureSocketOptions.None);

        // MailKit reports "The SMTP server has unexpectedly disconnected" and drops the connection.
        await Assert.ThrowsAsync<SmtpProtocolException>(() => client.SendAsync(SelfTestMail.CreateMessage()));

        Assert.False(client.IsConnected);
        Assert.Empty(server.Messages);
        var unanswered = Assert.Single(server.AllMessages);
        Assert.Null(unanswered.FinalReply);
        Assert.False(unanswered.Accepted);
        Assert.Equal("Self-test", unanswered.Parsed.Subject);
    }

    [Fact]
    public async Task StallAfterTheFinalDot_MakesMailKitTimeOut()
    {
        await using var server = ScriptedSmtpServer.Start(new ScriptedSmtpServerOptions { OnMessageEnd = _ => Reply.Stall });
        using var client = SelfTestMail.CreateClient(timeoutMilliseconds: 1000);
        await client.ConnectAsync(server.Host, server.Port, SecureSocketOptions.None);
        var stopwatch = Stopwatch.StartNew();

        await Assert.ThrowsAsync<TimeoutException>(() => client.SendAsync(SelfTestMail.CreateMessage()));

        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromMilliseconds(900), TimeSpan.FromSeconds(5));
        Assert.Single(server.AllMessages);
    }

    [Fact]
    public async Task SilentServer_MakesConnectTimeOut()
    {
        await using var server = ScriptedSmtpServer.Start(new ScriptedSmtpServerOptions { Greeting = null });
        using var client = SelfTestMail.CreateClient(timeoutMilliseconds: 500);

        await Assert.ThrowsAsync<TimeoutException>(
            () => client.ConnectAsync(server.Host, server.Port, SecureSocketOptions.None));
    }

    [Fact]
    public async Task RepliesCanBeDelayed()
    {
        await using var server = ScriptedSmtpServer.Start(new ScriptedSmtpServerOptions
        {
            OnCommand = (command, _, _) => command == "NOOP" ? Reply.Send("250 2.0.0 Ok").After(TimeSpan.FromMilliseconds(300)) : null
        });
        using var client = SelfTestMail.CreateClient();
        await client.ConnectAsync(server.Host, server.Port, SecureSocketOptions.None);
        var stopwatch = Stopwatch.StartNew();

        await client.NoOpAsync();

        Assert.True(stopwatch.Elapsed >= TimeSpan.FromMilliseconds(250), stopwatch.Elapsed.ToString());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task MailKit_PipelinesOnlyWhenPipeliningIsAdvertised(bool advertised)
    {
        var options = new ScriptedSmtpServerOptions();
        if (!advertised)
            options.Capabilities.Remove("PIPELINING");
        await using var server = ScriptedSmtpServer.Start(options);
        var message = SelfTestMail.CreateMessage();
        message.To.Add(new MailboxAddress("", "second@example.test"));
        message.To.Add(new MailboxAddress("", "third@example.test"));
        using var client = SelfTestMail.CreateClient();

        await client.ConnectAsync(server.Host, server.Port, SecureSocketOptions.None);
        await client.SendAsync(message);
        await client.DisconnectAsync(true);

        Assert.Equal(3, (await server.WaitForMessagesAsync(1, SelfTestMail.Wait)).EnvelopeRecipients.Count);
        Assert.Equal(advertised, server.Connections[0].PipelinedCommands > 0);
    }

    [Fact]
    public async Task PipelinedCommandsInOneWrite_AreAnsweredInOrder()
    {
        await using var server = ScriptedSmtpServer.Start();
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port);
        using var timeout = new CancellationTokenSource(SelfTestMail.Wait);
        var stream = tcp.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);

        Assert.StartsWith("220 ", await reader.ReadLineAsync(timeout.Token));
        await SelfTestMail.WriteAsync(stream, "EHLO raw\r\nMAIL FROM:<a@example.test>\r\nRCPT TO:<b@example.test>\r\nRCPT TO:<c@example.test>\r\nDATA\r\n");
        Assert.Equal(new[] { "250", "250", "250", "250", "354" }, await SelfTestMail.ReadReplyCodesAsync(reader, 5, timeout.Token));
        await SelfTestMail.WriteAsync(stream, "Subject: raw\r\n\r\n..leading dot\r\n.\r\nNOOP\r\nQUIT\r\n");
        Assert.Equal(new[] { "250", "250", "221" }, await SelfTestMail.ReadReplyCodesAsync(reader, 3, timeout.Token));

        var received = await server.WaitForMessagesAsync(1, SelfTestMail.Wait);
        Assert.Equal("Subject: raw\r\n\r\n.leading dot\r\n", SelfTestMail.Text(received.RawBytes));
        Assert.Equal(new[] { "b@example.test", "c@example.test" }, received.EnvelopeRecipients);
        Assert.True(server.Connections[0].PipelinedCommands >= 4);
    }

    [Fact]
    public async Task Chunking_WhenAdvertised_MailKitSendsBdatAndTheServerAssemblesIt()
    {
        var options = new ScriptedSmtpServerOptions();
        options.Capabilities.Add("CHUNKING");
        await using var server = ScriptedSmtpServer.Start(options);
        var message = SelfTestMail.CreateMessage();
        // MailKit uses BDAT only when a subclass prefers it (or for binary parts with BINARYMIME).
        using var client = new BinaryPreferringSmtpClient { Timeout = 5000 };

        await client.ConnectAsync(server.Host, server.Port, SecureSocketOptions.None);
        await client.SendAsync(message);
        await client.DisconnectAsync(true);

        var received = await server.WaitForMessagesAsync(1, SelfTestMail.Wait);
        Assert.Contains("BDAT", server.Connections[0].Commands);
        Assert.Equal("Self-test", received.Parsed.Subject);
        Assert.Equal(received.RawBytes, received.WireBytes);
    }

    [Fact]
    public async Task Counters_TrackConcurrentConnectionsAndMessagesPerConnection()
    {
        await using var server = ScriptedSmtpServer.Start();
        using var first = SelfTestMail.CreateClient();
        using var second = SelfTestMail.CreateClient();

        await first.ConnectAsync(server.Host, server.Port, SecureSocketOptions.None);
        await second.ConnectAsync(server.Host, server.Port, SecureSocketOptions.None);
        await first.SendAsync(SelfTestMail.CreateMessage("one"));
        await first.SendAsync(SelfTestMail.CreateMessage("two"));
        await second.SendAsync(SelfTestMail.CreateMessage("three"));
        Assert.Equal(2, server.ConnectionsOpenNow);
        await first.DisconnectAsync(true);
        await second.DisconnectAsync(true);
        await server.WaitForConnectionsOpenNowAsync(0, SelfTestMail.Wait);

        Assert.Equal(2, server.ConnectionsAccepted);
        Assert.Equal(2, server.PeakConcurrentConnections);
        Assert.Equal(new[] { 2, 1 }, server.Connections.Select(connection => connection.MessagesAccepted));
        Assert.Equal(new[] { (0, 0), (0, 1), (1, 0) },
            server.Messages.Select(message => (message.ConnectionIndex, message.MessageIndexOnConnection)).OrderBy(pair => pair));
    }

    [Fact]
    public async Task OnCommand_SeesTheMessageIndexOnTheConnection()
    {
        var seen = new List<(string Command, int Connection, int Message)>();
        await using var server = ScriptedSmtpServer.Start(new ScriptedSmtpServerOptions
        {
            OnCommand = (command, connection, message) =>
            {
                lock (seen)
                    seen.Add((command.Split(' ')[0], connection, message));
                // Refuse the second message's sender only.
                return message == 1 && command.StartsWith("MAIL", StringComparison.Ordinal) ? "451 4.3.0 try later" : null;
            }
        });
        using var client = SelfTestMail.CreateClient();
        await client.ConnectAsync(server.Host, server.Port, SecureSocketOptions.None);

        await client.SendAsync(SelfTestMail.CreateMessage("one"));
        var refused = await Assert.ThrowsAsync<SmtpCommandException>(() => client.SendAsync(SelfTestMail.CreateMessage("two")));

        Assert.Equal(SmtpErrorCode.SenderNotAccepted, refused.ErrorCode);
        Assert.Contains(("MAIL", 0, 1), seen);
        Assert.Single(server.Messages);
    }

    [Fact]
    public async Task RequireStartTls_RefusesPlainMail()
    {
        await using var server = ScriptedSmtpServer.Start(new ScriptedSmtpServerOptions
        {
            OfferStartTls = true,
            RequireStartTls = true
        });
        using var client = SelfTestMail.CreateClient();
        await client.ConnectAsync(server.Host, server.Port, SecureSocketOptions.None);

        await Assert.ThrowsAsync<ServiceNotAuthenticatedException>(() => client.SendAsync(SelfTestMail.CreateMessage()));
        Assert.Contains(server.Connections[0].Conversation, line => line.StartsWith("S: 530 5.7.0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dispose_WithStalledConnections_DoesNotHang()
    {
        var server = ScriptedSmtpServer.Start(new ScriptedSmtpServerOptions { OnCommand = (_, _, _) => Reply.Stall });
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port);
        await SelfTestMail.WriteAsync(tcp.GetStream(), "EHLO stalled\r\n");
        await server.WaitForConnectionsAsync(1, SelfTestMail.Wait);
        var stopwatch = Stopwatch.StartNew();

        await server.DisposeAsync();

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(3), $"Dispose took {stopwatch.Elapsed}.");
        Assert.Equal(0, server.ConnectionsOpenNow);
    }

    private sealed class BinaryPreferringSmtpClient : SmtpClient
    {
        protected override bool PreferSendAsBinaryData => true;
    }
}
