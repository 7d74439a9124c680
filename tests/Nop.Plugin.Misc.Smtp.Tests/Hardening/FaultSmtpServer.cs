using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using MimeKit;

namespace Nop.Plugin.Misc.Smtp.Tests.Hardening;

/// <summary>
/// What a <see cref="FaultSmtpServer"/> does at one step instead of the normal SMTP reply.
/// </summary>
public sealed record FaultAction
{
    public string Reply { get; init; }

    public bool Drop { get; init; }

    public bool Stall { get; init; }

    public static FaultAction Respond(string reply) => new() { Reply = reply };

    /// <summary>
    /// Closes the connection (a reset, as the client sees it).
    /// </summary>
    public static FaultAction Disconnect { get; } = new() { Drop = true };

    /// <summary>
    /// Writes the text (if any, without ending the reply) and then says nothing more.
    /// </summary>
    public static FaultAction Hang(string partialReply = null) => new() { Reply = partialReply, Stall = true };
}

/// <summary>
/// Where the server is when it asks the script: the greeting, each command verb (EHLO, STARTTLS, AUTH, MAIL, RCPT,
/// DATA, NOOP, RSET), the first line of the message content (BODY), and after the final dot (DOT).
/// </summary>
public sealed record FaultStep(int Session, string Step, string Line, FaultSession State);

/// <summary>
/// One connection as the server saw it.
/// </summary>
public sealed class FaultSession
{
    public int Number { get; init; }

    public ConcurrentQueue<string> Commands { get; } = new();

    public bool Secure { get; set; }

    public string MailFrom { get; set; }

    public List<string> Recipients { get; } = new();

    /// <summary>
    /// Whether any message content reached the server in this session.
    /// </summary>
    public bool ReceivedContent { get; set; }
}

/// <summary>
/// A message whose content the server received in full, with what it did about it.
/// </summary>
public sealed record FaultMessage(int Session, string MailFrom, IReadOnlyList<string> Recipients, byte[] Data, bool Accepted)
{
    public MimeMessage Parse()
    {
        using var stream = new MemoryStream(Data);
        return MimeMessage.Load(stream);
    }

    public string Text => Encoding.UTF8.GetString(Data);
}

/// <summary>
/// A raw TCP SMTP server on 127.0.0.1 for fault tests: every reply can be replaced, the connection dropped or stalled at
/// any step by a script; it records commands, envelopes, raw message bytes, and the peak number of open connections.
/// </summary>
public sealed class FaultSmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<Task> _sessions = new();
    private readonly Task _acceptLoop;
    private int _sessionCount;
    private int _open;
    private int _peak;

    public FaultSmtpServer(Func<FaultStep, FaultAction> script = null, X509Certificate2 certificate = null, bool implicitTls = false)
    {
        Script = script ?? (_ => null);
        Certificate = certificate;
        ImplicitTls = implicitTls;
        _listener.Start(512);
        _acceptLoop = AcceptLoopAsync();
    }

    public Func<FaultStep, FaultAction> Script { get; set; }

    public X509Certificate2 Certificate { get; }

    public bool ImplicitTls { get; }

    /// <summary>
    /// Whether EHLO advertises STARTTLS (when there is a certificate).
    /// </summary>
    public bool OfferStartTls { get; set; } = true;

    public bool OfferSmtpUtf8 { get; set; }

    public bool OfferAuth { get; set; } = true;

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public ConcurrentQueue<FaultSession> Sessions { get; } = new();

    public ConcurrentQueue<FaultMessage> Messages { get; } = new();

    public IEnumerable<FaultMessage> Accepted => Messages.Where(message => message.Accepted);

    public int PeakConnections => Volatile.Read(ref _peak);

    public int ConnectionCount => Volatile.Read(ref _sessionCount);

    /// <summary>
    /// Every line the clients sent outside message content, in all sessions.
    /// </summary>
    public IEnumerable<string> AllCommands => Sessions.SelectMany(session => session.Commands);

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception)
            {
                return;
            }

            var number = Interlocked.Increment(ref _sessionCount);
            _sessions.Add(Task.Run(() => RunSessionAsync(client, number)));
        }
    }

    private async Task RunSessionAsync(TcpClient client, int number)
    {
        var open = Interlocked.Increment(ref _open);
        var closed = 0;
        void MarkClosed()
        {
            if (Interlocked.Exchange(ref closed, 1) == 0)
                Interlocked.Decrement(ref _open);
        }

        lock (_listener)
            _peak = Math.Max(_peak, open);

        var session = new FaultSession { Number = number };
        Sessions.Enqueue(session);
        var token = _stop.Token;
        try
        {
            using (client)
            {
                client.NoDelay = true;
                Stream stream = client.GetStream();
                if (ImplicitTls)
                {
                    var ssl = new SslStream(stream);
                    await ssl.AuthenticateAsServerAsync(Certificate, false, false);
                    stream = ssl;
                    session.Secure = true;
                }

                var reader = new LineReader(stream);
                if (!await ActAsync(stream, new FaultStep(number, "CONNECT", null, session), "220 fault.test ESMTP ready", token, MarkClosed))
                    return;

                while (true)
                {
                    var line = await reader.ReadLineAsync(token);
                    if (line == null)
                        return;

                    var text = Encoding.UTF8.GetString(line);
                    session.Commands.Enqueue(text);
                    var verb = text.Split(' ', 2)[0].ToUpperInvariant();
                    var step = new FaultStep(number, verb, text, session);

                    switch (verb)
                    {
                        case "EHLO":
                        case "HELO":
                            if (!await ActAsync(stream, step, Ehlo(session), token, MarkClosed))
                                return;
                            break;

                        case "STARTTLS":
                            var tlsAction = Script(step);
                            if (!await ApplyAsync(stream, tlsAction, "220 2.0.0 go ahead", token, MarkClosed))
                                return;
                            // A scripted reply (a refusal, or "220" followed by garbage) never starts real TLS.
                            if (tlsAction != null)
                                break;
                            var ssl = new SslStream(stream);
                            await ssl.AuthenticateAsServerAsync(Certificate, false, false);
                            stream = ssl;
                            reader = new LineReader(stream);
                            session.Secure = true;
                            break;

                        case "AUTH":
                            if (!await AuthenticateAsync(stream, reader, step, token, MarkClosed))
                                return;
                            break;

                        case "MAIL":
                            session.MailFrom = Between(text, '<', '>');
                            session.Recipients.Clear();
                            if (!await ActAsync(stream, step, "250 2.1.0 sender ok", token, MarkClosed))
                                return;
                            break;

                        case "RCPT":
                            var action = Script(step);
                            if (action == null || action.Reply?.StartsWith('2') == true)
                                session.Recipients.Add(Between(text, '<', '>'));
                            if (!await ApplyAsync(stream, action, "250 2.1.5 recipient ok", token, MarkClosed))
                                return;
                            break;

                        case "DATA":
                            var dataAction = Script(step);
                            if (!await ApplyAsync(stream, dataAction, "354 end with <CRLF>.<CRLF>", token, MarkClosed))
                                return;
                            if (dataAction?.Reply != null && !dataAction.Reply.StartsWith("354"))
                                break;
                            if (!await ReceiveContentAsync(stream, reader, session, token, MarkClosed))
                                return;
                            break;

                        case "QUIT":
                            MarkClosed();
                            await WriteAsync(stream, "221 2.0.0 bye", token);
                            return;

                        case "RSET":
                            session.MailFrom = null;
                            session.Recipients.Clear();
                            if (!await ActAsync(stream, step, "250 2.0.0 reset", token, MarkClosed))
                                return;
                            break;

                        case "NOOP":
                            if (!await ActAsync(stream, step, "250 2.0.0 ok", token, MarkClosed))
                                return;
                            break;

                        default:
                            if (!await ActAsync(stream, step, "502 5.5.2 command not implemented", token, MarkClosed))
                                return;
                            break;
                    }
                }
            }
        }
        catch (Exception)
        {
            // The client went away or the TLS handshake failed: the session ends like a real server's would.
        }
        finally
        {
            MarkClosed();
        }
    }

    private string Ehlo(FaultSession session)
    {
        var lines = new List<string> { "fault.test", "8BITMIME", "SIZE 52428800", "ENHANCEDSTATUSCODES" };
        if (Certificate != null && OfferStartTls && !session.Secure)
            lines.Add("STARTTLS");
        if (OfferAuth)
            lines.Add("AUTH PLAIN LOGIN");
        if (OfferSmtpUtf8)
            lines.Add("SMTPUTF8");

        return string.Join("\r\n", lines.Select((line, i) => (i == lines.Count - 1 ? "250 " : "250-") + line));
    }

    private async Task<bool> AuthenticateAsync(Stream stream, LineReader reader, FaultStep step, CancellationToken token, Action markClosed)
    {
        var action = Script(step);
        if (action != null)
            return await ApplyAsync(stream, action, null, token, markClosed);

        var parts = step.Line.Split(' ');
        var mechanism = parts.Length > 1 ? parts[1].ToUpperInvariant() : string.Empty;
        if (mechanism == "PLAIN" && parts.Length < 3)
        {
            await WriteAsync(stream, "334 ", token);
            if (await reader.ReadLineAsync(token) == null)
                return false;
        }
        else if (mechanism == "LOGIN")
        {
            if (parts.Length < 3)
            {
                await WriteAsync(stream, "334 VXNlcm5hbWU6", token);
                if (await reader.ReadLineAsync(token) == null)
                    return false;
            }

            await WriteAsync(stream, "334 UGFzc3dvcmQ6", token);
            if (await reader.ReadLineAsync(token) == null)
                return false;
        }

        await WriteAsync(stream, "235 2.7.0 authenticated", token);
        return true;
    }

    private async Task<bool> ReceiveContentAsync(Stream stream, LineReader reader, FaultSession session, CancellationToken token, Action markClosed)
    {
        using var content = new MemoryStream();
        var first = true;
        while (true)
        {
            var line = await reader.ReadLineAsync(token);
            if (line == null)
                return false;

            session.ReceivedContent = true;
            if (first)
            {
                first = false;
                var bodyAction = Script(new FaultStep(session.Number, "BODY", null, session));
                if (bodyAction != null && !await ApplyAsync(stream, bodyAction, null, token, markClosed))
                    return false;
            }

            if (line.Length == 1 && line[0] == (byte)'.')
                break;

            var offset = line.Length > 0 && line[0] == (byte)'.' ? 1 : 0;
            content.Write(line, offset, line.Length - offset);
            content.Write("\r\n"u8);
        }

        var recipients = session.Recipients.ToList();
        var action = Script(new FaultStep(session.Number, "DOT", null, session));
        var accepted = action == null || (!action.Drop && !action.Stall && action.Reply?.StartsWith('2') == true);
        Messages.Enqueue(new FaultMessage(session.Number, session.MailFrom, recipients, content.ToArray(), accepted));
        return await ApplyAsync(stream, action, "250 2.0.0 queued as FAULT" + session.Number, token, markClosed);
    }

    private async Task<bool> ActAsync(Stream stream, FaultStep step, string normalReply, CancellationToken token, Action markClosed)
    {
        return await ApplyAsync(stream, Script(step), normalReply, token, markClosed);
    }

    private async Task<bool> ApplyAsync(Stream stream, FaultAction action, string normalReply, CancellationToken token, Action markClosed)
    {
        if (action == null)
        {
            if (normalReply != null)
                await WriteAsync(stream, normalReply, token);
            return true;
        }

        if (action.Stall)
        {
            if (action.Reply != null)
                await stream.WriteAsync(Encoding.UTF8.GetBytes(action.Reply), token);
            await stream.FlushAsync(token);
            await Task.Delay(Timeout.Infinite, token);
            return false;
        }

        if (action.Drop)
        {
            markClosed();
            return false;
        }

        await WriteAsync(stream, action.Reply, token);
        if (action.Reply.StartsWith("421"))
        {
            markClosed();
            return false;
        }

        return true;
    }

    private static async Task WriteAsync(Stream stream, string reply, CancellationToken token)
    {
        await stream.WriteAsync(Encoding.UTF8.GetBytes(reply + "\r\n"), token);
        await stream.FlushAsync(token);
    }

    private static string Between(string text, char open, char close)
    {
        var start = text.IndexOf(open);
        var end = text.LastIndexOf(close);
        return start >= 0 && end > start ? text[(start + 1)..end] : text;
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await _acceptLoop;
        await Task.WhenAny(Task.WhenAll(_sessions), Task.Delay(TimeSpan.FromSeconds(5)));
        _stop.Dispose();
    }

    /// <summary>
    /// Reads CRLF-terminated lines as bytes, with its own buffer (SslStream may be swapped in after STARTTLS).
    /// </summary>
    private sealed class LineReader
    {
        private readonly Stream _stream;
        private readonly byte[] _buffer = new byte[64 * 1024];
        private int _start;
        private int _end;

        public LineReader(Stream stream)
        {
            _stream = stream;
        }

        public async Task<byte[]> ReadLineAsync(CancellationToken token)
        {
            using var line = new MemoryStream();
            while (true)
            {
                var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
                if (newline >= 0)
                {
                    line.Write(_buffer, _start, newline - _start);
                    _start = newline + 1;
                    var bytes = line.ToArray();
                    return bytes.Length > 0 && bytes[^1] == (byte)'\r' ? bytes[..^1] : bytes;
                }

                line.Write(_buffer, _start, _end - _start);
                _start = 0;
                _end = await _stream.ReadAsync(_buffer, token);
                if (_end == 0)
                    return null;
            }
        }
    }
}

/// <summary>
/// Self-signed certificates for the TLS fault cases.
/// </summary>
public static class FaultCertificates
{
    public static X509Certificate2 Create(string hostName = "localhost", DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={hostName}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        if (IPAddress.TryParse(hostName, out var address))
            names.AddIpAddress(address);
        else
            names.AddDnsName(hostName);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var certificate = request.CreateSelfSigned(notBefore ?? DateTimeOffset.UtcNow.AddDays(-1), notAfter ?? DateTimeOffset.UtcNow.AddDays(30));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }
}
