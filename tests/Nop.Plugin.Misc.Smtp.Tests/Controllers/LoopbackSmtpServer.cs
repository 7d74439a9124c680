using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Nop.Plugin.Misc.Smtp.Tests.Controllers;

/// <summary>
/// A small real SMTP server on 127.0.0.1 with an ephemeral port, for the settings page's test sends: EHLO, STARTTLS
/// (with a self-signed certificate), AUTH PLAIN and LOGIN against one set of credentials (535 otherwise), MAIL, RCPT,
/// DATA and QUIT. It records the messages it accepted.
/// </summary>
internal sealed class LoopbackSmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private readonly List<Task> _sessions = [];
    private readonly object _lock = new();
    private readonly List<string> _messages = [];

    public LoopbackSmtpServer(string username, string password, X509Certificate2 certificate = null)
    {
        Username = username;
        Password = password;
        Certificate = certificate;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = AcceptAsync();
    }

    public int Port { get; }

    public string Username { get; }

    public string Password { get; }

    public X509Certificate2 Certificate { get; }

    /// <summary>
    /// The raw DATA of every message the server accepted.
    /// </summary>
    public IReadOnlyList<string> Messages
    {
        get
        {
            lock (_lock)
                return _messages.ToList();
        }
    }

    /// <summary>
    /// A self-signed certificate for localhost and 127.0.0.1 that no machine trusts.
    /// </summary>
    public static X509Certificate2 CreateSelfSignedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));

        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>
    /// A port on 127.0.0.1 where nothing listens (connections are refused).
    /// </summary>
    public static int GetClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            await _acceptLoop;
        }
        catch (Exception)
        {
            // Stopping the listener ends the loop with an exception.
        }

        Task[] sessions;
        lock (_lock)
            sessions = _sessions.ToArray();
        await Task.WhenAll(sessions.Select(session => session.ContinueWith(_ => { })));
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            lock (_lock)
                _sessions.Add(Task.Run(() => ServeAsync(client)));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var token = timeout.Token;
        Stream stream = client.GetStream();
        var reader = new LineReader(stream);
        var secure = false;

        try
        {
            await WriteAsync(stream, "220 localhost ESMTP loopback test server", token);
            while (true)
            {
                var line = await reader.ReadLineAsync(token);
                if (line == null)
                    return;

                var verb = line.Split(' ')[0].ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                        var lines = new List<string> { "250-localhost" };
                        if (Certificate != null && !secure)
                            lines.Add("250-STARTTLS");
                        lines.Add("250-SIZE 10485760");
                        lines.Add("250 AUTH PLAIN LOGIN");
                        await WriteAsync(stream, string.Join("\r\n", lines), token);
                        break;

                    case "STARTTLS" when Certificate != null && !secure:
                        await WriteAsync(stream, "220 2.0.0 Ready to start TLS", token);
                        var tls = new SslStream(stream, false);
                        await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = Certificate }, token);
                        stream = tls;
                        reader = new LineReader(stream);
                        secure = true;
                        break;

                    case "AUTH":
                        await AuthenticateAsync(stream, reader, line, token);
                        break;

                    case "MAIL":
                    case "RCPT":
                    case "RSET":
                    case "NOOP":
                        await WriteAsync(stream, "250 2.0.0 Ok", token);
                        break;

                    case "DATA":
                        await WriteAsync(stream, "354 End data with <CR><LF>.<CR><LF>", token);
                        var data = new StringBuilder();
                        string dataLine;
                        while ((dataLine = await reader.ReadLineAsync(token)) != null && dataLine != ".")
                            data.Append(dataLine).Append("\r\n");
                        lock (_lock)
                            _messages.Add(data.ToString());
                        await WriteAsync(stream, "250 2.0.0 Ok: queued as LOOP42", token);
                        break;

                    case "QUIT":
                        await WriteAsync(stream, "221 2.0.0 Bye", token);
                        return;

                    default:
                        await WriteAsync(stream, "502 5.5.2 Command not recognized", token);
                        break;
                }
            }
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException or AuthenticationException
            or ObjectDisposedException or SocketException)
        {
            // The client went away or the handshake failed (an untrusted certificate is rejected by the client).
        }
    }

    private async Task AuthenticateAsync(Stream stream, LineReader reader, string line, CancellationToken token)
    {
        var parts = line.Split(' ', 3);
        var mechanism = parts.Length > 1 ? parts[1].ToUpperInvariant() : string.Empty;
        string username;
        string password;

        if (mechanism == "PLAIN")
        {
            var blob = parts.Length > 2 ? parts[2] : null;
            if (blob == null)
            {
                await WriteAsync(stream, "334 ", token);
                blob = await reader.ReadLineAsync(token);
            }

            var fields = Decode(blob).Split('\0');
            username = fields.Length == 3 ? fields[1] : null;
            password = fields.Length == 3 ? fields[2] : null;
        }
        else if (mechanism == "LOGIN")
        {
            var first = parts.Length > 2 ? parts[2] : null;
            if (first == null)
            {
                await WriteAsync(stream, "334 VXNlcm5hbWU6", token);
                first = await reader.ReadLineAsync(token);
            }

            username = Decode(first);
            await WriteAsync(stream, "334 UGFzc3dvcmQ6", token);
            password = Decode(await reader.ReadLineAsync(token));
        }
        else
        {
            await WriteAsync(stream, "504 5.5.4 Unrecognized authentication type", token);
            return;
        }

        var accepted = username == Username && password == Password;
        await WriteAsync(stream, accepted ? "235 2.7.0 Authentication successful" : "535 5.7.8 Authentication credentials invalid", token);
    }

    private static string Decode(string base64)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(base64 ?? string.Empty));
        }
        catch (FormatException)
        {
            return string.Empty;
        }
    }

    private static async Task WriteAsync(Stream stream, string reply, CancellationToken token)
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes(reply + "\r\n"), token);
        await stream.FlushAsync(token);
    }

    /// <summary>
    /// Reads CRLF-terminated lines without buffering past them, so that the stream can be switched to TLS.
    /// </summary>
    private sealed class LineReader
    {
        private readonly Stream _stream;
        private readonly byte[] _one = new byte[1];

        public LineReader(Stream stream)
        {
            _stream = stream;
        }

        public async Task<string> ReadLineAsync(CancellationToken token)
        {
            var bytes = new List<byte>();
            while (true)
            {
                var read = await _stream.ReadAsync(_one, token);
                if (read == 0)
                    return bytes.Count == 0 ? null : Encoding.UTF8.GetString(bytes.ToArray());
                if (_one[0] == '\n')
                    return Encoding.UTF8.GetString(bytes.ToArray()).TrimEnd('\r');

                bytes.Add(_one[0]);
            }
        }
    }
}
