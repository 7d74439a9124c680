using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Nop.Plugin.Misc.Smtp.Domain;

namespace Nop.Plugin.Misc.Smtp.Services;

/// <summary>
/// One authenticated SMTP session: a MailKit client on a TCP_NODELAY socket, its redacted transcript and what the
/// handshake revealed. Used by one send at a time.
/// </summary>
public sealed class SmtpConnection : IAsyncDisposable
{
    private readonly PooledSmtpClient _client;
    private readonly TranscriptLogger _transcript;
    private readonly ServerCertificateValidator _certificateValidator;

    private SmtpConnection(SmtpEndpoint endpoint)
    {
        Endpoint = endpoint;
        _transcript = new TranscriptLogger();
        _transcript.UseScrubber(new SecretScrubber(endpoint.Username, endpoint.Password));
        _certificateValidator = new ServerCertificateValidator(endpoint.CertificateCheck, endpoint.PinnedThumbprint);
        _client = new PooledSmtpClient(_transcript)
        {
            Timeout = (int)Math.Min(int.MaxValue, endpoint.Timeout.TotalMilliseconds),
            ServerCertificateValidationCallback = _certificateValidator.Validate,
            // Revocation lists are often unreachable from a store's server; a hard fail there would stop all mail.
            CheckCertificateRevocation = false
        };
        if (!string.IsNullOrWhiteSpace(endpoint.LocalDomain))
            _client.LocalDomain = endpoint.LocalDomain.Trim();
    }

    /// <summary>
    /// The round trip above which messages go with BDAT where the server offers CHUNKING.
    /// </summary>
    public static readonly TimeSpan BdatAboveRoundTrip = TimeSpan.FromMilliseconds(0.5);

    public SmtpEndpoint Endpoint { get; }

    /// <summary>
    /// The round trip of a NOOP measured when the connection was opened.
    /// </summary>
    public TimeSpan RoundTrip { get; private set; }

    public DateTime OpenedUtc { get; } = DateTime.UtcNow;

    public DateTime LastUsedUtc { get; private set; } = DateTime.UtcNow;

    public int MessagesSent { get; private set; }

    /// <summary>
    /// Whether the connection must be checked with NOOP before it carries another message (after a command error).
    /// </summary>
    public bool NeedsCheck { get; private set; }

    public bool IsConnected => _client.IsConnected;

    /// <summary>
    /// What the handshake showed: greeting, TLS, certificate, AUTH mechanism.
    /// </summary>
    public SmtpSessionInfo Info { get; private set; }

    /// <summary>
    /// The redacted transcript of the opening and of the last message.
    /// </summary>
    public string Transcript => _transcript.GetTranscript();

    /// <summary>
    /// Opens and authenticates a connection, or throws a classified <see cref="SmtpSendException"/>.
    /// </summary>
    public static async Task<SmtpConnection> OpenAsync(SmtpEndpoint endpoint, CancellationToken cancellationToken)
    {
        var connection = new SmtpConnection(endpoint);
        var phase = SmtpPhase.Connect;
        try
        {
            var socket = await ConnectSocketAsync(endpoint.Host, endpoint.Port, cancellationToken);
            phase = SmtpPhase.Handshake;
            await connection._client.ConnectAsync(socket, endpoint.Host, endpoint.Port, endpoint.Security.ToSecureSocketOptions(), cancellationToken);

            phase = SmtpPhase.Authenticate;
            await connection.AuthenticateAsync(cancellationToken);

            // BDAT saves a round trip per message, but MailKit then writes each message twice (once to learn its
            // size). Worth it whenever a round trip costs more than that, which is anywhere but the same machine.
            phase = SmtpPhase.Handshake;
            await connection.MeasureRoundTripAsync(cancellationToken);

            connection.Info = connection.DescribeSession();
            return connection;
        }
        catch (Exception exception)
        {
            var failure = SmtpFailureClassifier.Classify(exception, phase, endpoint.Server, cancellationToken.IsCancellationRequested,
                certificateRejection: connection._certificateValidator.Rejection, lastCommand: connection._transcript.LastCommand);
            var transcript = connection.Transcript;
            var certificate = connection._certificateValidator.Certificate;
            // A session that failed after its handshake (a rejected password) still shows the TLS it had.
            var session = connection.TryDescribeSession();
            await connection.DisposeAsync();
            throw WithTranscript(failure, transcript, new SecretScrubber(endpoint.Username, endpoint.Password), certificate, session);
        }
    }

    /// <summary>
    /// Sends a message and returns the server's final reply, or throws a classified <see cref="SmtpSendException"/>.
    /// </summary>
    public async Task<string> SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        _transcript.BeginMessage();
        LastUsedUtc = DateTime.UtcNow;
        try
        {
            EnsureUtf8AddressesSupported(message);
            var reply = await _client.SendAsync(message, cancellationToken);
            MessagesSent++;
            NeedsCheck = false;
            LastUsedUtc = DateTime.UtcNow;
            return reply;
        }
        catch (Exception exception)
        {
            if (exception is SmtpCommandException && _client.IsConnected)
                NeedsCheck = true;

            var failure = SmtpFailureClassifier.Classify(exception, SmtpPhase.Send, Endpoint.Server,
                cancellationToken.IsCancellationRequested, _transcript.MessageEndSent);
            throw WithTranscript(failure, Transcript, new SecretScrubber(Endpoint.Username, Endpoint.Password), session: Info);
        }
    }

    private async Task MeasureRoundTripAsync(CancellationToken cancellationToken)
    {
        // The faster of two NOOPs: the first one also pays for warming up (code paths, buffers), which on a local
        // server can be longer than the round trip itself.
        var fastest = TimeSpan.MaxValue;
        for (var probe = 0; probe < 2; probe++)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await _client.NoOpAsync(cancellationToken);
            }
            catch (SmtpCommandException)
            {
                // A server that refuses NOOP still answered; the session is fine, so keep DATA and carry on.
                return;
            }

            var elapsed = Stopwatch.GetElapsedTime(started);
            fastest = elapsed < fastest ? elapsed : fastest;
        }

        RoundTrip = fastest;
        _client.UseBdat = RoundTrip >= BdatAboveRoundTrip;
    }

    /// <summary>
    /// Whether the end of the last message was handed to the server (after which a failure is not retried).
    /// </summary>
    public bool MessageEndSent => _transcript.MessageEndSent;

    /// <summary>
    /// The bytes of the last message as transmitted.
    /// </summary>
    public long LastMessageBytes => _transcript.LastMessageBytes;

    /// <summary>
    /// Checks with NOOP that the server still answers.
    /// </summary>
    public async Task<bool> CheckAliveAsync(CancellationToken cancellationToken)
    {
        if (!_client.IsConnected)
            return false;

        try
        {
            await _client.NoOpAsync(cancellationToken);
            NeedsCheck = false;
            LastUsedUtc = DateTime.UtcNow;
            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>
    /// Sends QUIT (bounded by a short deadline) and closes the socket.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_client.IsConnected)
            {
                using var quitDeadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _client.DisconnectAsync(true, quitDeadline.Token);
            }
        }
        catch (Exception)
        {
            // QUIT is a courtesy; a connection that cannot say goodbye is closed all the same.
        }
        finally
        {
            _client.Dispose();
        }
    }

    private static async Task<Socket> ConnectSocketAsync(string host, int port, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken);

        Exception last = new SocketException((int)SocketError.HostNotFound);
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp)
            {
                // Without this, Nagle's algorithm and delayed ACKs add tens of milliseconds to every SMTP command.
                NoDelay = true
            };
            try
            {
                await socket.ConnectAsync(address, port, cancellationToken);
                return socket;
            }
            catch (SocketException exception)
            {
                socket.Dispose();
                last = exception;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last;
    }

    private async Task AuthenticateAsync(CancellationToken cancellationToken)
    {
        if (Endpoint.Authentication == SmtpAuthentication.None)
            return;

        var credentials = new NetworkCredential(Endpoint.Username ?? string.Empty, Endpoint.Password ?? string.Empty);
        SaslMechanism mechanism = Endpoint.Authentication switch
        {
            SmtpAuthentication.Login => new SaslMechanismLogin(credentials),
            SmtpAuthentication.Plain => new SaslMechanismPlain(credentials),
            SmtpAuthentication.CramMd5 => new SaslMechanismCramMd5(credentials),
            _ => null
        };

        if (mechanism == null)
        {
            if (!_client.Capabilities.HasFlag(SmtpCapabilities.Authentication))
                throw new NotSupportedException("The server does not advertise AUTH; set Authentication to None if it relays without credentials.");

            await _client.AuthenticateAsync(Encoding.UTF8, credentials, cancellationToken);
        }
        else
        {
            await _client.AuthenticateAsync(mechanism, cancellationToken);
        }
    }

    private void EnsureUtf8AddressesSupported(MimeMessage message)
    {
        if (_client.Capabilities.HasFlag(SmtpCapabilities.UTF8))
            return;

        var mailbox = message.From.Mailboxes
            .Concat(message.To.Mailboxes).Concat(message.Cc.Mailboxes).Concat(message.Bcc.Mailboxes)
            .FirstOrDefault(address => address.LocalPart.Any(c => c > '\u007f'));
        if (mailbox != null)
        {
            throw new SmtpSendException(SmtpFailureReason.Input,
                $"The address {mailbox.Address} has non-ASCII characters before the @, and {Endpoint.Server} does not support SMTPUTF8. The email was not sent.",
                mailbox: mailbox.Address);
        }
    }

    private SmtpSessionInfo TryDescribeSession()
    {
        try
        {
            return _client.IsConnected ? DescribeSession() : null;
        }
        catch (Exception)
        {
            // Only a courtesy for the failure report: it must never hide the failure itself.
            return null;
        }
    }

    private SmtpSessionInfo DescribeSession()
    {
        var secure = _client.IsSecure;
        return new SmtpSessionInfo
        {
            Greeting = _transcript.Greeting,
            TlsProtocol = secure ? DescribeProtocol(_client.SslProtocol) : null,
            TlsCipherSuite = secure ? _client.SslCipherSuite?.ToString() : null,
            Certificate = _certificateValidator.Certificate,
            CertificateNote = _certificateValidator.AcceptedDespiteErrors,
            AuthMechanism = _transcript.AuthMechanism,
            SupportsPipelining = _client.Capabilities.HasFlag(SmtpCapabilities.Pipelining)
        };
    }

    /// <summary>
    /// The protocol as people write it ("TLS 1.3"), not as the enum spells it.
    /// </summary>
    private static string DescribeProtocol(SslProtocols protocol)
    {
        return protocol switch
        {
            SslProtocols.Tls13 => "TLS 1.3",
            SslProtocols.Tls12 => "TLS 1.2",
#pragma warning disable SYSLIB0039 // Old protocols are named, not used.
            SslProtocols.Tls11 => "TLS 1.1",
            SslProtocols.Tls => "TLS 1.0",
#pragma warning restore SYSLIB0039
            _ => protocol.ToString()
        };
    }

    private static SmtpSendException WithTranscript(SmtpSendException failure, string transcript, SecretScrubber scrubber,
        ServerCertificateInfo certificate = null, SmtpSessionInfo session = null)
    {
        var scrubbed = new SmtpSendException(failure.Reason, scrubber.Scrub(failure.Message), failure.ReplyCode,
            scrubber.Scrub(failure.ServerReply), failure.Mailbox, ScrubInner(failure.InnerException, scrubber))
        {
            Transcript = failure.Transcript ?? transcript,
            Certificate = failure.Certificate ?? certificate,
            Session = failure.Session ?? session
        };

        return scrubbed;
    }

    private static Exception ScrubInner(Exception inner, SecretScrubber scrubber)
    {
        if (inner == null)
            return null;

        // A server may echo what it was sent (an AUTH blob, the password) in its reply, which MailKit puts in its
        // exception's message; nopCommerce's log writes inner exceptions out in full, so such a one is replaced by
        // its type and scrubbed message.
        var text = inner.ToString();
        return scrubber.Scrub(text) == text ? inner : new Exception($"{inner.GetType().FullName}: {scrubber.Scrub(inner.Message)}");
    }
}

/// <summary>
/// MailKit's client, able to send with BDAT where the server offers CHUNKING: the message then follows the MAIL/RCPT
/// replies directly, where DATA costs one more round trip waiting for the 354 reply.
/// </summary>
internal sealed class PooledSmtpClient : SmtpClient
{
    public PooledSmtpClient(IProtocolLogger logger)
        : base(logger)
    {
    }

    public bool UseBdat { get; set; }

    protected override bool PreferSendAsBinaryData => UseBdat;
}

/// <summary>
/// What the SMTP handshake showed, for the test-send panel and the log.
/// </summary>
public sealed record SmtpSessionInfo
{
    public string Greeting { get; init; }

    public string TlsProtocol { get; init; }

    public string TlsCipherSuite { get; init; }

    public ServerCertificateInfo Certificate { get; init; }

    public string CertificateNote { get; init; }

    public string AuthMechanism { get; init; }

    public bool SupportsPipelining { get; init; }
}
