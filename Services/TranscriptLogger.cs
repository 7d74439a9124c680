using System.Text;
using MailKit;

namespace Nop.Plugin.Misc.Smtp.Services;

/// <summary>
/// MailKit protocol logger that keeps a redacted SMTP transcript of one connection:
/// AUTH exchanges are masked, the message content is summarised as a byte count, and it notes the moment the end of
/// the message was sent (after which a broken connection means the outcome is unknown).
/// </summary>
public sealed class TranscriptLogger : IProtocolLogger
{
    private const int MaxTranscriptChars = 64 * 1024;

    private readonly StringBuilder _session = new();
    private readonly StringBuilder _message = new();
    private readonly StringBuilder _clientLine = new();
    private readonly StringBuilder _serverLine = new();
    private SecretScrubber _scrubber = SecretScrubber.None;
    private bool _inAuth;
    private bool _dataRequested;
    private bool _inData;
    private readonly byte[] _dataTail = new byte[4];
    private int _dataTailLength;
    private long _dataBytes;
    private long _bdatRemaining;
    private bool _bdatLast;
    private bool _messageStarted;

    public IAuthenticationSecretDetector AuthenticationSecretDetector { get; set; }

    /// <summary>
    /// The server's greeting line.
    /// </summary>
    public string Greeting { get; private set; }

    /// <summary>
    /// The AUTH mechanism the client used, or null.
    /// </summary>
    public string AuthMechanism { get; private set; }

    /// <summary>
    /// Whether the end of the current message (the final dot, or the last BDAT chunk) has been handed to the socket.
    /// From then on the server may have accepted the message.
    /// </summary>
    public bool MessageEndSent { get; private set; }

    /// <summary>
    /// The size in bytes of the last message content sent.
    /// </summary>
    public long LastMessageBytes { get; private set; }

    /// <summary>
    /// The verb of the last command the client sent (for example STARTTLS), upper case.
    /// </summary>
    public string LastCommand { get; private set; }

    /// <summary>
    /// The server's last complete reply line.
    /// </summary>
    public string LastServerReply { get; private set; }

    /// <summary>
    /// Sets the secrets to scrub from everything logged from now on.
    /// </summary>
    public void UseScrubber(SecretScrubber scrubber)
    {
        _scrubber = scrubber ?? SecretScrubber.None;
    }

    /// <summary>
    /// Starts the part of the transcript that belongs to the next message on this connection.
    /// </summary>
    public void BeginMessage()
    {
        _message.Clear();
        MessageEndSent = false;
        LastMessageBytes = 0;
        _messageStarted = true;
    }

    /// <summary>
    /// The connection's opening (greeting, EHLO, TLS, AUTH) followed by the current message's exchange.
    /// </summary>
    public string GetTranscript()
    {
        return _messageStarted ? _session + _message.ToString() : _session.ToString();
    }

    public void LogConnect(Uri uri)
    {
        Append($"# connected to {uri}");
    }

    public void LogClient(byte[] buffer, int offset, int count)
    {
        ReadOnlySpan<byte> span = buffer.AsSpan(offset, count);
        while (!span.IsEmpty)
        {
            if (_bdatRemaining > 0)
            {
                var take = (int)Math.Min(_bdatRemaining, span.Length);
                _bdatRemaining -= take;
                _dataBytes += take;
                span = span[take..];
                if (_bdatRemaining == 0)
                {
                    Append($"C: [message chunk: {_dataBytes} bytes]");
                    LastMessageBytes += _dataBytes;
                    _dataBytes = 0;
                    if (_bdatLast)
                        MessageEndSent = true;
                }

                continue;
            }

            if (_inData)
            {
                span = ConsumeData(span);
                continue;
            }

            var newline = span.IndexOf((byte)'\n');
            if (newline < 0)
            {
                _clientLine.Append(Encoding.UTF8.GetString(span));
                break;
            }

            _clientLine.Append(Encoding.UTF8.GetString(span[..newline]));
            span = span[(newline + 1)..];
            OnClientLine(_clientLine.ToString().TrimEnd('\r'));
            _clientLine.Clear();
        }
    }

    public void LogServer(byte[] buffer, int offset, int count)
    {
        ReadOnlySpan<byte> span = buffer.AsSpan(offset, count);
        while (!span.IsEmpty)
        {
            var newline = span.IndexOf((byte)'\n');
            if (newline < 0)
            {
                _serverLine.Append(Encoding.UTF8.GetString(span));
                break;
            }

            _serverLine.Append(Encoding.UTF8.GetString(span[..newline]));
            span = span[(newline + 1)..];
            OnServerLine(_serverLine.ToString().TrimEnd('\r'));
            _serverLine.Clear();
        }
    }

    public void Dispose()
    {
    }

    private ReadOnlySpan<byte> ConsumeData(ReadOnlySpan<byte> span)
    {
        // The content ends at the first CRLF "." CRLF (dot-stuffing keeps that sequence out of the message itself);
        // the content starts at a line start, as if after a CRLF. The last bytes of the previous write are kept, since
        // the end may be split across writes. IndexOf keeps a 25 MB attachment from costing a loop per byte.
        ReadOnlySpan<byte> terminator = "\r\n.\r\n"u8;
        Span<byte> joint = stackalloc byte[8];
        var tail = _dataTail.AsSpan(0, _dataTailLength);
        tail.CopyTo(joint);
        var head = Math.Min(span.Length, terminator.Length - 1);
        span[..head].CopyTo(joint[tail.Length..]);

        var end = -1;
        var inJoint = joint[..(tail.Length + head)].IndexOf(terminator);
        if (inJoint >= 0)
        {
            end = inJoint + terminator.Length - tail.Length;
        }
        else
        {
            var inSpan = span.IndexOf(terminator);
            if (inSpan >= 0)
                end = inSpan + terminator.Length;
        }

        if (end < 0)
        {
            _dataBytes += span.Length;
            KeepTail(joint[..(tail.Length + head)], span);
            return ReadOnlySpan<byte>.Empty;
        }

        _dataBytes += end;
        _inData = false;
        MessageEndSent = true;
        LastMessageBytes = _dataBytes - 3;
        Append($"C: [message: {LastMessageBytes} bytes]");
        Append("C: .");
        return span[end..];
    }

    private void KeepTail(ReadOnlySpan<byte> joint, ReadOnlySpan<byte> span)
    {
        var source = span.Length >= _dataTail.Length ? span[^_dataTail.Length..] : joint[Math.Max(0, joint.Length - _dataTail.Length)..];
        source.CopyTo(_dataTail);
        _dataTailLength = source.Length;
    }

    private void OnClientLine(string line)
    {
        if (_inAuth)
        {
            Append($"C: {SecretScrubber.Mask}");
            return;
        }

        LastCommand = line.Split(' ', 2)[0].ToUpperInvariant();

        if (line.StartsWith("AUTH ", StringComparison.OrdinalIgnoreCase))
        {
            var parts = line.Split(' ', 3);
            AuthMechanism = parts[1].ToUpperInvariant();
            _inAuth = true;
            Append(parts.Length > 2 ? $"C: AUTH {AuthMechanism} {SecretScrubber.Mask}" : $"C: AUTH {AuthMechanism}");
            return;
        }

        if (line.Equals("DATA", StringComparison.OrdinalIgnoreCase))
            _dataRequested = true;

        if (line.StartsWith("BDAT ", StringComparison.OrdinalIgnoreCase))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 2 && long.TryParse(parts[1], out var size))
            {
                _bdatRemaining = size;
                _bdatLast = parts.Length > 2 && parts[2].Equals("LAST", StringComparison.OrdinalIgnoreCase);
                _dataBytes = 0;
                if (size == 0 && _bdatLast)
                    MessageEndSent = true;
            }
        }

        Append($"C: {line}");
    }

    private void OnServerLine(string line)
    {
        if (Greeting == null && line.StartsWith("220", StringComparison.Ordinal))
            Greeting = line;

        if (_inAuth)
        {
            if (line.StartsWith("334", StringComparison.Ordinal))
            {
                Append("S: 334 [challenge]");
                return;
            }

            _inAuth = false;
        }

        if (_dataRequested && line.StartsWith("354", StringComparison.Ordinal))
        {
            _dataRequested = false;
            _inData = true;
            // The content starts at a line start: as if a CRLF had just been sent.
            _dataTail[0] = (byte)'\r';
            _dataTail[1] = (byte)'\n';
            _dataTailLength = 2;
            _dataBytes = 0;
        }
        else if (_dataRequested && line.Length >= 4 && line[3] == ' ' && line[0] is '4' or '5')
        {
            _dataRequested = false;
        }

        LastServerReply = line;
        Append($"S: {line}");
    }

    private void Append(string line)
    {
        var target = _messageStarted ? _message : _session;
        if (target.Length > MaxTranscriptChars)
            return;

        target.Append(_scrubber.Scrub(line)).Append('\n');
        if (target.Length > MaxTranscriptChars)
            target.Append("# transcript truncated\n");
    }
}
