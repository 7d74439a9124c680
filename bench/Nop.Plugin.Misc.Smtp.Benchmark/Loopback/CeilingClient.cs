using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace Nop.Plugin.Misc.Smtp.Benchmark.Loopback;

/// <summary>
/// The least a client can do to have each email confirmed, one after another on one connection: STARTTLS and AUTH
/// once, then per email MAIL, RCPT and BDAT LAST with the pre-serialized message in one write (PIPELINING and
/// CHUNKING), and the three replies: one round trip per email. No MIME building, no logging. Its rate is the
/// server's ceiling for a sender that waits for each email's confirmation.
/// </summary>
public sealed class CeilingClient
{
    private readonly byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;
    private Stream _stream;

    public async Task<List<double>> RunAsync(int port, IReadOnlyList<byte[]> encodedMessages, string username, string password)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(IPAddress.Loopback, port);
        _stream = new NetworkStream(socket, ownsSocket: false);
        await ExpectAsync("220");
        await WriteAsync("EHLO ceiling\r\n");
        await ExpectAsync("250");
        await WriteAsync("STARTTLS\r\n");
        await ExpectAsync("220");
        var ssl = new SslStream(_stream, false, (_, _, _, _) => true);
        await ssl.AuthenticateAsClientAsync("127.0.0.1");
        _stream = ssl;
        await WriteAsync("EHLO ceiling\r\n");
        await ExpectAsync("250");
        var plain = Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0{username}\0{password}"));
        await WriteAsync($"AUTH PLAIN {plain}\r\n");
        await ExpectAsync("235");

        var latencies = new List<double>(encodedMessages.Count);
        var envelope = Encoding.ASCII.GetBytes("MAIL FROM:<shop@example.com>\r\nRCPT TO:<customer@example.com>\r\n");
        var write = new MemoryStream();
        foreach (var message in encodedMessages)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            write.SetLength(0);
            write.Write(envelope);
            write.Write(Encoding.ASCII.GetBytes($"BDAT {message.Length} LAST\r\n"));
            write.Write(message);
            await _stream.WriteAsync(write.GetBuffer().AsMemory(0, (int)write.Length));
            await ExpectAsync("250");
            await ExpectAsync("250");
            await ExpectAsync("250");
            latencies.Add(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        await WriteAsync("QUIT\r\n");
        await ExpectAsync("221");
        return latencies;
    }

    private async Task WriteAsync(string text)
    {
        await _stream.WriteAsync(Encoding.ASCII.GetBytes(text));
    }

    private async Task ExpectAsync(string code)
    {
        while (true)
        {
            var line = await ReadLineAsync();
            if (line == null || !line.StartsWith(code, StringComparison.Ordinal))
                throw new InvalidOperationException($"Expected {code}, got \"{line}\".");
            if (line.Length < 4 || line[3] == ' ')
                return;
        }
    }

    private async Task<string> ReadLineAsync()
    {
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0)
            {
                var line = Encoding.ASCII.GetString(_buffer, _start, newline - _start).TrimEnd('\r');
                _start = newline + 1;
                return line;
            }

            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }

            var read = await _stream.ReadAsync(_buffer.AsMemory(_end));
            if (read == 0)
                return null;
            _end += read;
        }
    }
}
