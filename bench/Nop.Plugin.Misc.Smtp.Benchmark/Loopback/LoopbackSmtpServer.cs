using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Nop.Plugin.Misc.Smtp.Benchmark.Loopback;

/// <summary>
/// What the server does once it has received a whole message (after the final dot).
/// </summary>
public enum AfterMessage
{
    Accept,

    /// <summary>
    /// Replies with <see cref="LoopbackSmtpServer.RejectReply"/>.
    /// </summary>
    Reject,

    /// <summary>
    /// Closes the connection without a reply: the client cannot know whether the message was accepted.
    /// </summary>
    DropWithoutReply
}

/// <summary>
/// One message the server accepted (or received before a drop).
/// </summary>
public sealed record ReceivedMessage(int SessionId, string MailFrom, IReadOnlyList<string> Recipients, long Size, string Data);

/// <summary>
/// A small, fast SMTP server on 127.0.0.1 for the benchmark and the pool tests: EHLO with PIPELINING, STARTTLS with a
/// given certificate, AUTH PLAIN and LOGIN, MAIL/RCPT/DATA/RSET/NOOP/QUIT. Replies are written in batches, only when
/// no further pipelined command is waiting, so the server is not the bottleneck. Hooks let a test drop connections
/// at chosen moments.
/// </summary>
public sealed class LoopbackSmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<int, TcpClient> _clients = new();
    private readonly Task _acceptLoop;
    private int _sessionIds;
    private int _openSessions;
    private int _peakSessions;
    private int _messageCount;

    public LoopbackSmtpServer(X509Certificate2 certificate = null, string username = null, string password = null)
    {
        Certificate = certificate;
        Username = username;
        Password = password;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start(512);
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = AcceptLoopAsync();
    }

    public int Port { get; }

    public X509Certificate2 Certificate { get; }

    public string Username { get; }

    public string Password { get; }

    /// <summary>
    /// Whether the message text is kept (off for big workloads: only sizes are kept).
    /// </summary>
    public bool KeepData { get; set; } = true;

    /// <summary>
    /// Called at MAIL FROM with the session id and how many messages that session has accepted; true closes the
    /// connection instead of answering (a server that went away between two messages).
    /// </summary>
    public Func<int, int, bool> DropAtMailFrom { get; set; }

    /// <summary>
    /// Decides what happens after each message's final dot.
    /// </summary>
    public Func<ReceivedMessage, AfterMessage> OnMessage { get; set; }

    /// <summary>
    /// Whether EHLO offers CHUNKING (BDAT), as Postfix, Gmail and Microsoft 365 do. On by default.
    /// </summary>
    public bool AdvertiseChunking { get; set; } = true;

    public string RejectReply { get; set; } = "550 5.7.1 Rejected by the test server";

    public ConcurrentQueue<ReceivedMessage> Messages { get; } = new();

    /// <summary>
    /// Messages accepted with 250 (not those dropped or rejected).
    /// </summary>
    public int MessageCount => Volatile.Read(ref _messageCount);

    public int SessionsAccepted => Volatile.Read(ref _sessionIds);

    public int OpenSessions => Volatile.Read(ref _openSessions);

    public int PeakSessions => Volatile.Read(ref _peakSessions);

    /// <summary>
    /// How many QUIT commands the server received.
    /// </summary>
    public int QuitCount => Volatile.Read(ref _quitCount);

    private int _quitCount;

    /// <summary>
    /// How many BDAT commands the server received.
    /// </summary>
    public int BdatCount => Volatile.Read(ref _bdatCount);

    private int _bdatCount;

    /// <summary>
    /// Waits until <paramref name="count"/> messages have been accepted or the time is up.
    /// </summary>
    public async Task<bool> WaitForMessagesAsync(int count, TimeSpan within)
    {
        var until = DateTime.UtcNow + within;
        while (MessageCount < count && DateTime.UtcNow < until)
            await Task.Delay(10);

        return MessageCount >= count;
    }

    /// <summary>
    /// Waits until no session is open or the time is up.
    /// </summary>
    public async Task<bool> WaitForNoSessionsAsync(TimeSpan within)
    {
        var until = DateTime.UtcNow + within;
        while (OpenSessions > 0 && DateTime.UtcNow < until)
            await Task.Delay(10);

        return OpenSessions == 0;
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        foreach (var client in _clients.Values)
            client.Dispose();

        try
        {
            await _acceptLoop;
        }
        catch (Exception)
        {
            // Stopping.
        }
    }

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

            client.NoDelay = true;
            var id = Interlocked.Increment(ref _sessionIds);
            _clients[id] = client;
            var open = Interlocked.Increment(ref _openSessions);
            int peak;
            while (open > (peak = Volatile.Read(ref _peakSessions)) && Interlocked.CompareExchange(ref _peakSessions, open, peak) != peak)
            {
            }

            _ = Task.Run(async () =>
            {
                try
                {
                    await new Session(this, id, client.GetStream()).RunAsync(_stop.Token);
                }
                catch (Exception)
                {
                    // A client that went away.
                }
                finally
                {
                    _clients.TryRemove(id, out _);
                    client.Dispose();
                    Interlocked.Decrement(ref _openSessions);
                }
            });
        }
    }

    private sealed class Session
    {
        private static readonly byte[] _endOfData = "\r\n.\r\n"u8.ToArray();

        private readonly LoopbackSmtpServer _server;
        private readonly int _id;
        private Stream _stream;
        private byte[] _buffer = new byte[64 * 1024];
        private int _start;
        private int _end;
        private readonly MemoryStream _output = new();
        private bool _secure;
        private bool _authenticated;
        private string _mailFrom;
        private readonly List<string> _recipients = [];
        private int _accepted;
        private MemoryStream _chunks;
        private long _chunkBytes;

        public Session(LoopbackSmtpServer server, int id, Stream stream)
        {
            _server = server;
            _id = id;
            _stream = stream;
        }

        public async Task RunAsync(CancellationToken cancellationToken)
        {
            Reply("220 loopback ESMTP ready");
            await FlushAsync(cancellationToken);
            while (true)
            {
                var line = await ReadLineAsync(cancellationToken);
                if (line == null)
                    return;

                var verb = (line.Length >= 4 ? line[..4] : line).ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                        Reply("250-loopback");
                        Reply("250-PIPELINING");
                        Reply("250-8BITMIME");
                        if (_server.AdvertiseChunking)
                            Reply("250-CHUNKING");
                        if (_server.Certificate != null && !_secure)
                            Reply("250-STARTTLS");
                        if (_server.Username != null)
                            Reply("250-AUTH PLAIN LOGIN");
                        Reply("250 ENHANCEDSTATUSCODES");
                        break;
                    case "HELO":
                        Reply("250 loopback");
                        break;
                    case "STAR":
                        Reply("220 2.0.0 Ready to start TLS");
                        await FlushAsync(cancellationToken);
                        var ssl = new SslStream(_stream, false);
                        await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _server.Certificate }, cancellationToken);
                        _stream = ssl;
                        _secure = true;
                        _start = _end = 0;
                        break;
                    case "AUTH":
                        if (!await AuthenticateAsync(line, cancellationToken))
                            Reply("535 5.7.8 Authentication credentials invalid");
                        else
                        {
                            _authenticated = true;
                            Reply("235 2.7.0 Authentication successful");
                        }

                        break;
                    case "MAIL":
                        if (_server.DropAtMailFrom?.Invoke(_id, _accepted) == true)
                            return;
                        if (_server.Username != null && !_authenticated)
                        {
                            Reply("530 5.7.0 Authentication required");
                            break;
                        }

                        _mailFrom = ExtractPath(line);
                        _recipients.Clear();
                        Reply("250 2.1.0 OK");
                        break;
                    case "RCPT":
                        if (_mailFrom == null)
                        {
                            Reply("503 5.5.1 MAIL first");
                            break;
                        }

                        _recipients.Add(ExtractPath(line));
                        Reply("250 2.1.5 OK");
                        break;
                    case "DATA":
                        if (_mailFrom == null || _recipients.Count == 0)
                        {
                            Reply("554 5.5.1 No valid recipients");
                            break;
                        }

                        Reply("354 End data with <CR><LF>.<CR><LF>");
                        await FlushAsync(cancellationToken);
                        if (!await ReceiveDataAsync(cancellationToken))
                            return;
                        break;
                    case "BDAT":
                        Interlocked.Increment(ref _server._bdatCount);
                        if (!await ReceiveChunkAsync(line, cancellationToken))
                            return;
                        break;
                    case "RSET":
                        _mailFrom = null;
                        _recipients.Clear();
                        Reply("250 2.0.0 OK");
                        break;
                    case "NOOP":
                        Reply("250 2.0.0 OK");
                        break;
                    case "QUIT":
                        Interlocked.Increment(ref _server._quitCount);
                        Reply("221 2.0.0 Bye");
                        await FlushAsync(cancellationToken);
                        return;
                    default:
                        Reply("502 5.5.2 Command not recognized");
                        break;
                }

                // Pipelining: answer a batch of commands in one write, once no further command is waiting.
                if (_start == _end)
                    await FlushAsync(cancellationToken);
            }
        }

        private async Task<bool> ReceiveDataAsync(CancellationToken cancellationToken)
        {
            // The content starts at a line start; a leading "." line is the end of an empty message.
            var keep = _server.KeepData ? new MemoryStream() : null;
            long size = 0;
            var matched = 2; // as if "\r\n" had just been seen
            while (true)
            {
                if (_start == _end && !await FillAsync(cancellationToken))
                    return false;

                var i = _start;
                for (; i < _end; i++)
                {
                    var b = _buffer[i];
                    if (b == _endOfData[matched])
                        matched++;
                    else
                        matched = b == '\r' ? 1 : 0;

                    if (matched == _endOfData.Length)
                        break;
                }

                if (matched == _endOfData.Length)
                {
                    var count = i + 1 - _start;
                    keep?.Write(_buffer, _start, count);
                    size += count;
                    _start = i + 1;
                    break;
                }

                keep?.Write(_buffer, _start, _end - _start);
                size += _end - _start;
                _start = _end;
            }

            // Drop the terminating ".\r\n" (3 bytes); the "\r\n" before it ends the last line.
            size -= 3;
            string data = null;
            if (keep != null)
            {
                var text = Encoding.UTF8.GetString(keep.GetBuffer(), 0, (int)Math.Max(0, keep.Length - 3));
                data = text.Replace("\r\n..", "\r\n.");
                if (data.StartsWith("..", StringComparison.Ordinal))
                    data = data[1..];
            }

            return Complete(size, data);
        }

        private async Task<bool> ReceiveChunkAsync(string line, CancellationToken cancellationToken)
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var last = parts.Length > 2 && parts[2].Equals("LAST", StringComparison.OrdinalIgnoreCase);
            var remaining = parts.Length > 1 && long.TryParse(parts[1], out var size) ? size : -1;
            if (remaining < 0)
            {
                Reply("501 5.5.4 Syntax: BDAT size [LAST]");
                return true;
            }

            _chunks ??= _server.KeepData ? new MemoryStream() : null;
            while (remaining > 0)
            {
                if (_start == _end && !await FillAsync(cancellationToken))
                    return false;

                var take = (int)Math.Min(remaining, _end - _start);
                _chunks?.Write(_buffer, _start, take);
                _chunkBytes += take;
                _start += take;
                remaining -= take;
            }

            if (_mailFrom == null || _recipients.Count == 0)
            {
                Reply("554 5.5.1 No valid recipients");
                ResetChunks();
                return true;
            }

            if (!last)
            {
                Reply("250 2.0.0 Chunk accepted");
                return true;
            }

            var data = _chunks == null ? null : Encoding.UTF8.GetString(_chunks.GetBuffer(), 0, (int)_chunks.Length);
            var total = _chunkBytes;
            ResetChunks();
            return Complete(total, data);
        }

        private void ResetChunks()
        {
            _chunks = null;
            _chunkBytes = 0;
        }

        private bool Complete(long size, string data)
        {
            var message = new ReceivedMessage(_id, _mailFrom, _recipients.ToList(), size, data);
            _mailFrom = null;
            _recipients.Clear();
            var action = _server.OnMessage?.Invoke(message) ?? AfterMessage.Accept;
            switch (action)
            {
                case AfterMessage.DropWithoutReply:
                    _server.Messages.Enqueue(message);
                    return false;
                case AfterMessage.Reject:
                    Reply(_server.RejectReply);
                    return true;
                default:
                    _server.Messages.Enqueue(message);
                    _accepted++;
                    Interlocked.Increment(ref _server._messageCount);
                    Reply($"250 2.0.0 OK queued as Q{_id}-{_accepted}");
                    return true;
            }
        }

        private async Task<bool> AuthenticateAsync(string line, CancellationToken cancellationToken)
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var mechanism = parts.Length > 1 ? parts[1].ToUpperInvariant() : string.Empty;
            if (mechanism == "PLAIN")
            {
                var initial = parts.Length > 2 ? parts[2] : null;
                if (initial == null)
                {
                    Reply("334 ");
                    await FlushAsync(cancellationToken);
                    initial = await ReadLineAsync(cancellationToken);
                }

                var fields = Encoding.UTF8.GetString(Convert.FromBase64String(initial ?? string.Empty)).Split('\0');
                return fields.Length == 3 && fields[1] == _server.Username && fields[2] == _server.Password;
            }

            if (mechanism == "LOGIN")
            {
                string user;
                if (parts.Length > 2)
                {
                    user = parts[2];
                }
                else
                {
                    Reply("334 VXNlcm5hbWU6");
                    await FlushAsync(cancellationToken);
                    user = await ReadLineAsync(cancellationToken);
                }

                Reply("334 UGFzc3dvcmQ6");
                await FlushAsync(cancellationToken);
                var pass = await ReadLineAsync(cancellationToken);
                return Decode(user) == _server.Username && Decode(pass) == _server.Password;
            }

            return false;
        }

        private static string Decode(string base64)
        {
            return base64 == null ? null : Encoding.UTF8.GetString(Convert.FromBase64String(base64));
        }

        private static string ExtractPath(string line)
        {
            var open = line.IndexOf('<');
            var close = line.IndexOf('>', open + 1);
            return open >= 0 && close > open ? line[(open + 1)..close] : string.Empty;
        }

        private void Reply(string line)
        {
            var bytes = Encoding.ASCII.GetBytes(line + "\r\n");
            _output.Write(bytes, 0, bytes.Length);
        }

        private async Task FlushAsync(CancellationToken cancellationToken)
        {
            if (_output.Length == 0)
                return;

            await _stream.WriteAsync(_output.GetBuffer().AsMemory(0, (int)_output.Length), cancellationToken);
            await _stream.FlushAsync(cancellationToken);
            _output.SetLength(0);
        }

        private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
                if (newline >= 0)
                {
                    var length = newline - _start;
                    if (length > 0 && _buffer[newline - 1] == '\r')
                        length--;
                    var line = Encoding.UTF8.GetString(_buffer, _start, length);
                    _start = newline + 1;
                    return line;
                }

                if (!await FillAsync(cancellationToken))
                    return null;
            }
        }

        private async Task<bool> FillAsync(CancellationToken cancellationToken)
        {
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }

            if (_end == _buffer.Length)
                Array.Resize(ref _buffer, _buffer.Length * 2);

            var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
            if (read == 0)
                return false;

            _end += read;
            return true;
        }
    }
}
