#nullable enable
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Nop.Plugin.Misc.Smtp.Tests.Infrastructure;

/// <summary>
/// A hand-written ESMTP server on 127.0.0.1 whose every reply and disconnect a test can script, for fault tests.
/// Without hooks it is a correct minimal server: greeting, EHLO/HELO, MAIL, RCPT, DATA (dot-unstuffing), BDAT,
/// RSET, NOOP, QUIT, STARTTLS and AUTH PLAIN/LOGIN, reading pipelined commands one line at a time and replying in
/// order. One task per connection; disposing cancels them all, so nothing outlives the test.
/// </summary>
public sealed class ScriptedSmtpServer : IAsyncDisposable
{
    private static readonly TimeSpan _stopTimeout = TimeSpan.FromSeconds(5);

    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly object _lock = new();
    private readonly List<ScriptedConnection> _connections = new();
    private readonly List<ReceivedMessage> _allMessages = new();
    private readonly List<(string User, string Password, bool Succeeded)> _authenticationAttempts = new();
    private readonly HashSet<TcpClient> _openClients = new();
    private readonly List<Task> _connectionTasks = new();
    private readonly StateChangeNotifier _notifier = new();
    private readonly Lazy<Task> _stop;
    private Task _acceptLoop = Task.CompletedTask;
    private int _connectionsOpenNow;
    private int _peakConcurrentConnections;

    private ScriptedSmtpServer(ScriptedSmtpServerOptions options)
    {
        Options = options;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _stop = new Lazy<Task>(StopCoreAsync);
    }

    /// <summary>Live options: hooks and settings may be changed while the server runs.</summary>
    public ScriptedSmtpServerOptions Options { get; }

    public string Host => "127.0.0.1";

    public int Port { get; private set; }

    public int ConnectionsAccepted
    {
        get
        {
            lock (_lock)
            {
                return _connections.Count;
            }
        }
    }

    public int ConnectionsOpenNow => Volatile.Read(ref _connectionsOpenNow);

    public int PeakConcurrentConnections => Volatile.Read(ref _peakConcurrentConnections);

    /// <summary>A snapshot of all connections so far, in accept order (index = connection index).</summary>
    public IReadOnlyList<ScriptedConnection> Connections
    {
        get
        {
            lock (_lock)
            {
                return _connections.ToArray();
            }
        }
    }

    /// <summary>Messages answered with 2xx after their final dot, in order.</summary>
    public IReadOnlyList<ReceivedMessage> Messages
    {
        get
        {
            lock (_lock)
            {
                return _allMessages.Where(message => message.Accepted).ToArray();
            }
        }
    }

    /// <summary>
    /// Every message whose content fully arrived, whatever happened next (rejected, disconnect, stall): recorded as
    /// the final dot arrives, before the reply goes out.
    /// </summary>
    public IReadOnlyList<ReceivedMessage> AllMessages
    {
        get
        {
            lock (_lock)
            {
                return _allMessages.ToArray();
            }
        }
    }

    /// <summary>Every AUTH exchange that produced credentials (user, password, accepted), in order.</summary>
    public IReadOnlyList<(string User, string Password, bool Succeeded)> AuthenticationAttempts
    {
        get
        {
            lock (_lock)
            {
                return _authenticationAttempts.ToArray();
            }
        }
    }

    public static ScriptedSmtpServer Start(ScriptedSmtpServerOptions? options = null)
    {
        var server = new ScriptedSmtpServer(options ?? new ScriptedSmtpServerOptions());
        server._listener.Start();
        server.Port = ((IPEndPoint)server._listener.LocalEndpoint).Port;
        server._acceptLoop = Task.Run(server.AcceptLoopAsync);
        return server;
    }

    /// <summary>Waits until at least <paramref name="count"/> messages were accepted; returns the count-th one.</summary>
    public async Task<ReceivedMessage> WaitForMessagesAsync(int count, TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        await _notifier.WaitUntilAsync(() => Messages.Count >= count, timeout,
            () => $"Expected {count} accepted message(s) within {timeout}, got {Messages.Count}.{Describe()}")
            .ConfigureAwait(false);
        return Messages[count - 1];
    }

    /// <summary>Waits until at least <paramref name="count"/> connections were accepted.</summary>
    public Task WaitForConnectionsAsync(int count, TimeSpan timeout)
    {
        return _notifier.WaitUntilAsync(() => ConnectionsAccepted >= count, timeout,
            () => $"Expected {count} connection(s) within {timeout}, got {ConnectionsAccepted}.{Describe()}");
    }

    /// <summary>Waits until exactly <paramref name="count"/> connections are open, e.g. 0 once a client let go.</summary>
    public Task WaitForConnectionsOpenNowAsync(int count, TimeSpan timeout)
    {
        return _notifier.WaitUntilAsync(() => ConnectionsOpenNow == count, timeout,
            () => $"Expected {count} open connection(s) within {timeout}, have {ConnectionsOpenNow}.{Describe()}");
    }

    /// <summary>Every connection's conversation, for assertion messages.</summary>
    public string Describe()
    {
        var builder = new StringBuilder();
        foreach (var connection in Connections)
            builder.AppendLine().Append(connection);

        return builder.ToString();
    }

    /// <summary>Stops listening and ends every connection; safe to call more than once.</summary>
    public Task StopAsync()
    {
        return _stop.Value;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
    }

    private async Task StopCoreAsync()
    {
        _shutdown.Cancel();
        _listener.Stop();
        try
        {
            await _acceptLoop.WaitAsync(_stopTimeout).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Best effort: stopping must never fail or hang the test that is cleaning up.
        }

        TcpClient[] clients;
        Task[] tasks;
        lock (_lock)
        {
            clients = _openClients.ToArray();
            tasks = _connectionTasks.ToArray();
        }

        // Cancellation alone ends every pending read, write and delay; closing the sockets as well covers a hook that
        // is blocking its connection's task.
        foreach (var client in clients)
            client.Dispose();

        try
        {
            await Task.WhenAll(tasks).WaitAsync(_stopTimeout).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // As above: connection faults are recorded on each connection, not thrown here.
        }
    }

    private async Task AcceptLoopAsync()
    {
        var cancellationToken = _shutdown.Token;
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException
                or SocketException)
            {
                return;
            }

            client.NoDelay = true;
            ScriptedConnection connection;
            lock (_lock)
            {
                connection = new ScriptedConnection(_connections.Count);
                _connections.Add(connection);
                _openClients.Add(client);
                _connectionsOpenNow++;
                if (_connectionsOpenNow > _peakConcurrentConnections)
                    _peakConcurrentConnections = _connectionsOpenNow;
                _connectionTasks.Add(Task.Run(() => RunConnectionAsync(client, connection, cancellationToken)));
            }

            _notifier.Notify();
        }
    }

    private async Task RunConnectionAsync(TcpClient client, ScriptedConnection connection,
        CancellationToken cancellationToken)
    {
        Exception? fault = null;
        try
        {
            var session = new Session(this, connection, client, cancellationToken);
            await session.RunAsync().ConfigureAwait(false);
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // Whatever a stop interrupted (cancelled read, closed socket) is not the connection's fault.
        }
        catch (Exception exception)
        {
            fault = exception;
        }
        finally
        {
            client.Dispose();
            connection.MarkClosed(fault);
            lock (_lock)
            {
                _openClients.Remove(client);
                _connectionsOpenNow--;
            }

            _notifier.Notify();
        }
    }

    private void RecordMessage(ReceivedMessage message)
    {
        lock (_lock)
        {
            _allMessages.Add(message);
        }

        _notifier.Notify();
    }

    private void RecordAuthenticationAttempt(string user, string password, bool succeeded)
    {
        lock (_lock)
        {
            _authenticationAttempts.Add((user, password, succeeded));
        }
    }

    /// <summary>The protocol state of one connection.</summary>
    private sealed class Session
    {
        private static readonly Encoding _utf8 = new UTF8Encoding(false);

        private readonly ScriptedSmtpServer _server;
        private readonly ScriptedSmtpServerOptions _options;
        private readonly ScriptedConnection _connection;
        private readonly TcpClient _client;
        private readonly CancellationToken _cancellationToken;
        private readonly List<string> _recipients = new();
        private readonly Dictionary<string, string> _mailParameters = new(StringComparer.OrdinalIgnoreCase);
        private Stream _stream;
        private SmtpLineReader _reader;
        private SslStream? _sslStream;
        private bool _greeted;
        private bool _refusing;
        private bool _authenticated;
        private string? _mailFrom;
        private MemoryStream? _chunks;
        private int _messagesEnded;

        public Session(ScriptedSmtpServer server, ScriptedConnection connection, TcpClient client,
            CancellationToken cancellationToken)
        {
            _server = server;
            _options = server.Options;
            _connection = connection;
            _client = client;
            _cancellationToken = cancellationToken;
            _stream = client.GetStream();
            _reader = new SmtpLineReader(_stream);
        }

        public async Task RunAsync()
        {
            if (_options.ImplicitTls)
                await UpgradeToTlsAsync().ConfigureAwait(false);

            var greeting = _options.OnConnect?.Invoke(_connection.Index) ?? _options.Greeting;
            if (greeting is null)
            {
                await PerformAsync(Reply.Stall).ConfigureAwait(false);
                return;
            }

            if (!await PerformAsync(greeting).ConfigureAwait(false))
                return;

            if (greeting.Action == ReplyAction.Send && !greeting.Lines[^1].StartsWith("220", StringComparison.Ordinal))
            {
                // RFC 5321 3.1: after 421 the server closes; after 554 it waits for QUIT and refuses everything else.
                if (greeting.Lines[^1].StartsWith("421", StringComparison.Ordinal))
                {
                    await CloseAsync().ConfigureAwait(false);
                    return;
                }

                _refusing = true;
            }

            while (true)
            {
                if (_reader.HasBufferedData)
                    _connection.CountPipelinedCommand();

                var line = await ReadClientLineAsync().ConfigureAwait(false);
                if (line is null)
                    return;

                var separator = line.IndexOf(' ');
                var verb = (separator < 0 ? line : line[..separator]).ToUpperInvariant();
                _connection.RecordCommand(verb);
                var argument = separator < 0 ? string.Empty : line[(separator + 1)..].Trim();

                var custom = _options.OnCommand?.Invoke(line, _connection.Index, _messagesEnded);
                if (custom is not null && custom.Action != ReplyAction.Send)
                {
                    await PerformAsync(custom).ConfigureAwait(false);
                    return;
                }

                if (!await HandleAsync(verb, argument, custom).ConfigureAwait(false))
                    return;
            }
        }

        private Task<bool> HandleAsync(string verb, string argument, Reply? custom)
        {
            if (_refusing && verb != "QUIT")
                return PerformAsync(custom ?? "503 5.5.1 Error: no service on this connection");

            return verb switch
            {
                "EHLO" => RespondAsync(custom, () => null, StartOver, Ehlo(argument)),
                "HELO" => RespondAsync(custom, () => null, StartOver, "250 " + _options.ServerName),
                "MAIL" => RespondAsync(custom, ValidateMail(argument), () => BeginTransaction(argument),
                    "250 2.1.0 Ok"),
                "RCPT" => RespondAsync(custom, ValidateRcpt(argument), () => AddRecipient(argument), "250 2.1.5 Ok"),
                "DATA" => DataAsync(custom),
                "BDAT" => BdatAsync(argument, custom),
                "RSET" => RespondAsync(custom, () => null, ResetTransaction, "250 2.0.0 Ok"),
                "NOOP" => RespondAsync(custom, () => null, () => { }, "250 2.0.0 Ok"),
                "VRFY" => RespondAsync(custom, () => null, () => { }, "252 2.0.0 Cannot VRFY user"),
                "HELP" => RespondAsync(custom, () => null, () => { }, "214 2.0.0 ScriptedSmtpServer"),
                "QUIT" => QuitAsync(custom),
                "STARTTLS" => StartTlsAsync(custom),
                "AUTH" => AuthAsync(argument, custom),
                _ => PerformAsync(custom ?? "500 5.5.2 Error: command not recognized")
            };
        }

        /// <summary>
        /// The common shape of a command: a custom reply skips validation and takes effect only when positive;
        /// otherwise the default validation may refuse it.
        /// </summary>
        private async Task<bool> RespondAsync(Reply? custom, Func<Reply?> validate, Action apply, Reply success)
        {
            if (custom is null)
            {
                var error = validate();
                if (error is not null)
                    return await PerformAsync(error).ConfigureAwait(false);
            }
            else if (!custom.IsPositive)
            {
                return await PerformAsync(custom).ConfigureAwait(false);
            }

            apply();
            return await PerformAsync(custom ?? success).ConfigureAwait(false);
        }

        private Reply Ehlo(string argument)
        {
            var keywords = _options.Capabilities.ToList();
            var secure = _sslStream is not null;
            var advertisesStartTls = keywords.Any(keyword => IsKeyword(keyword, "STARTTLS"));
            if (secure)
                keywords.RemoveAll(keyword => IsKeyword(keyword, "STARTTLS"));
            else if (_options.OfferStartTls && !advertisesStartTls)
                keywords.Add("STARTTLS");

            var offersAuth = (_options.Users.Count > 0 || _options.RequireAuth)
                && !string.IsNullOrWhiteSpace(_options.AuthMechanisms);
            if (offersAuth && !keywords.Any(keyword => IsKeyword(keyword, "AUTH")))
                keywords.Add("AUTH " + _options.AuthMechanisms.Trim());

            var texts = new List<string> { $"{_options.ServerName} greets {argument}".TrimEnd() };
            texts.AddRange(keywords);
            var lines = texts.Select((text, index) => (index == texts.Count - 1 ? "250 " : "250-") + text);
            return Reply.Send(lines.ToArray());
        }

        private static bool IsKeyword(string capability, string keyword)
        {
            return capability.Equals(keyword, StringComparison.OrdinalIgnoreCase)
                || capability.StartsWith(keyword + " ", StringComparison.OrdinalIgnoreCase);
        }

        private Func<Reply?> ValidateMail(string argument)
        {
            return () =>
            {
                if (!_greeted)
                    return "503 5.5.1 Error: send HELO/EHLO first";
                if (_options.RequireStartTls && _sslStream is null)
                    return "530 5.7.0 Must issue a STARTTLS command first";
                if (_options.RequireAuth && !_authenticated)
                    return "530 5.7.0 Authentication required";
                if (_mailFrom is not null)
                    return "503 5.5.1 Error: nested MAIL command";
                if (!argument.StartsWith("FROM:", StringComparison.OrdinalIgnoreCase))
                    return "501 5.5.4 Syntax: MAIL FROM:<address>";

                return null;
            };
        }

        private Func<Reply?> ValidateRcpt(string argument)
        {
            return () =>
            {
                if (_mailFrom is null)
                    return "503 5.5.1 Error: need MAIL command";
                if (!argument.StartsWith("TO:", StringComparison.OrdinalIgnoreCase))
                    return "501 5.5.4 Syntax: RCPT TO:<address>";

                return null;
            };
        }

        private void StartOver()
        {
            _greeted = true;
            ResetTransaction();
        }

        private void BeginTransaction(string argument)
        {
            ResetTransaction();
            var (address, parameters) = ParsePath(argument);
            _mailFrom = address;
            foreach (var parameter in parameters)
                _mailParameters[parameter.Key] = parameter.Value;
        }

        private void AddRecipient(string argument)
        {
            _recipients.Add(ParsePath(argument).Address);
        }

        private void ResetTransaction()
        {
            _mailFrom = null;
            _recipients.Clear();
            _mailParameters.Clear();
            _chunks?.Dispose();
            _chunks = null;
        }

        /// <summary>"FROM:&lt;a@b&gt; BODY=8BITMIME" → ("a@b", {BODY: 8BITMIME}); lenient, since a custom reply may accept junk.</summary>
        private static (string Address, Dictionary<string, string> Parameters) ParsePath(string argument)
        {
            var colon = argument.IndexOf(':');
            var rest = (colon < 0 ? argument : argument[(colon + 1)..]).TrimStart();
            string address;
            if (rest.StartsWith('<'))
            {
                var close = rest.IndexOf('>');
                address = close < 0 ? rest[1..] : rest[1..close];
                rest = close < 0 ? string.Empty : rest[(close + 1)..];
            }
            else
            {
                var space = rest.IndexOf(' ');
                address = space < 0 ? rest : rest[..space];
                rest = space < 0 ? string.Empty : rest[space..];
            }

            var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var parameter in rest.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = parameter.IndexOf('=');
                if (equals < 0)
                    parameters[parameter.ToUpperInvariant()] = string.Empty;
                else
                    parameters[parameter[..equals].ToUpperInvariant()] = parameter[(equals + 1)..];
            }

            return (address, parameters);
        }

        private async Task<bool> DataAsync(Reply? custom)
        {
            if (custom is null)
            {
                if (_mailFrom is null)
                    return await PerformAsync("503 5.5.1 Error: need MAIL command").ConfigureAwait(false);
                if (_recipients.Count == 0)
                    return await PerformAsync("554 5.5.1 Error: no valid recipients").ConfigureAwait(false);
            }
            else if (!custom.IsPositive)
            {
                return await PerformAsync(custom).ConfigureAwait(false);
            }

            if (!await PerformAsync(custom ?? "354 End data with <CR><LF>.<CR><LF>").ConfigureAwait(false))
                return false;

            using var wire = new MemoryStream();
            using var content = new MemoryStream();
            while (true)
            {
                var line = await _reader.ReadLineAsync(_options.MaxLineLength, _cancellationToken)
                    .ConfigureAwait(false);
                if (line is null)
                {
                    _connection.RecordConversation($"-- client closed during DATA after {wire.Length} bytes");
                    return false;
                }

                wire.Write(line);
                if (IsTerminator(line))
                    break;

                // RFC 5321 4.5.2: a leading dot was doubled by the client; drop one.
                var skip = line[0] == (byte)'.' ? 1 : 0;
                content.Write(line, skip, line.Length - skip);
            }

            _connection.RecordConversation($"C: [message content: {content.Length} bytes]");
            return await EndMessageAsync(content.ToArray(), wire.ToArray(), null).ConfigureAwait(false);
        }

        private static bool IsTerminator(byte[] line)
        {
            return line.Length >= 2 && line[0] == (byte)'.'
                && (line.Length == 2 ? line[1] == (byte)'\n' : line.Length == 3 && line[1] == (byte)'\r' && line[2] == (byte)'\n');
        }

        private async Task<bool> BdatAsync(string argument, Reply? custom)
        {
            var parts = argument.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length is < 1 or > 2 || !int.TryParse(parts[0], out var size) || size < 0
                || (parts.Length == 2 && !parts[1].Equals("LAST", StringComparison.OrdinalIgnoreCase)))
            {
                // Without a valid size the chunk cannot be skipped; the client's next bytes will be junk commands.
                return await PerformAsync(custom ?? "501 5.5.4 Syntax: BDAT size [LAST]").ConfigureAwait(false);
            }

            var last = parts.Length == 2;
            // RFC 3030: the chunk follows the command whatever the reply, so it is always read.
            var chunk = await _reader.ReadExactAsync(size, _cancellationToken).ConfigureAwait(false);
            if (chunk is null)
            {
                _connection.RecordConversation("-- client closed during a BDAT chunk");
                return false;
            }

            _connection.RecordConversation($"C: [BDAT chunk: {size} bytes]");
            if (custom is null)
            {
                var error = _mailFrom is null ? "503 5.5.1 Error: need MAIL command"
                    : _recipients.Count == 0 ? "554 5.5.1 Error: no valid recipients"
                    : null;
                if (error is not null)
                {
                    ResetTransaction();
                    return await PerformAsync(error).ConfigureAwait(false);
                }
            }
            else if (!custom.IsPositive)
            {
                ResetTransaction();
                return await PerformAsync(custom).ConfigureAwait(false);
            }

            _chunks ??= new MemoryStream();
            _chunks.Write(chunk);
            if (!last)
                return await PerformAsync(custom ?? $"250 2.0.0 {size} octets received").ConfigureAwait(false);

            var content = _chunks.ToArray();
            return await EndMessageAsync(content, content, custom).ConfigureAwait(false);
        }

        private async Task<bool> EndMessageAsync(byte[] content, byte[] wire, Reply? custom)
        {
            var index = _messagesEnded++;
            var reply = custom ?? _options.OnMessageEnd?.Invoke(CreateMessage(content, wire, index, null))
                ?? Reply.Send($"250 2.0.0 Ok: queued as {_connection.Index}.{index}");
            var message = CreateMessage(content, wire, index,
                reply.Action == ReplyAction.Send ? reply.Lines[^1] : null);

            _server.RecordMessage(message);
            _connection.CountMessage(message.Accepted);
            ResetTransaction();
            return await PerformAsync(reply).ConfigureAwait(false);
        }

        private ReceivedMessage CreateMessage(byte[] content, byte[] wire, int index, string? finalReply)
        {
            return new ReceivedMessage(_mailFrom ?? string.Empty, _recipients.ToArray(),
                new Dictionary<string, string>(_mailParameters, StringComparer.OrdinalIgnoreCase), content, wire,
                _connection.AuthenticatedUser, _sslStream is not null, _connection.Index, index, finalReply);
        }

        private async Task<bool> QuitAsync(Reply? custom)
        {
            if (custom is not null && !custom.IsPositive)
                return await PerformAsync(custom).ConfigureAwait(false);

            if (await PerformAsync(custom ?? "221 2.0.0 Bye").ConfigureAwait(false))
                await CloseAsync().ConfigureAwait(false);

            return false;
        }

        private async Task<bool> StartTlsAsync(Reply? custom)
        {
            if (custom is null)
            {
                if (!_options.OfferStartTls)
                    return await PerformAsync("502 5.5.1 Error: command not implemented").ConfigureAwait(false);
                if (_sslStream is not null)
                    return await PerformAsync("503 5.5.1 Error: TLS already active").ConfigureAwait(false);
            }
            else if (!custom.IsPositive)
            {
                return await PerformAsync(custom).ConfigureAwait(false);
            }

            if (!await PerformAsync(custom ?? "220 2.0.0 Ready to start TLS").ConfigureAwait(false))
                return false;

            if (_reader.HasBufferedData)
            {
                // Plain text pipelined after STARTTLS would be a command injection (CVE-2011-0411 class): drop it.
                _connection.RecordConversation("-- discarded plain text sent after STARTTLS");
            }

            await UpgradeToTlsAsync().ConfigureAwait(false);
            // RFC 3207 4.2: the session starts over after the handshake.
            _greeted = false;
            _authenticated = false;
            _connection.SetAuthenticatedUser(null);
            ResetTransaction();
            return true;
        }

        private async Task UpgradeToTlsAsync()
        {
            var sslStream = new SslStream(_stream, false);
            _sslStream = sslStream;
            _stream = sslStream;
            await sslStream.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificate = _options.Certificate ?? TestCertificates.Localhost,
                ClientCertificateRequired = false,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                EnabledSslProtocols = SslProtocols.None
            }, _cancellationToken).ConfigureAwait(false);
            _reader = new SmtpLineReader(sslStream);
            _connection.MarkSecure();
        }

        private async Task<bool> AuthAsync(string argument, Reply? custom)
        {
            if (custom is not null)
            {
                var proceed = await PerformAsync(custom).ConfigureAwait(false);
                if (custom.IsPositive && custom.Lines[^1].StartsWith("235", StringComparison.Ordinal))
                    _authenticated = true;

                return proceed;
            }

            if (_authenticated)
                return await PerformAsync("503 5.5.1 Error: already authenticated").ConfigureAwait(false);

            var parts = argument.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var offered = _options.AuthMechanisms.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var mechanism = parts.Length > 0 ? parts[0].ToUpperInvariant() : string.Empty;
            if (!offered.Contains(mechanism, StringComparer.OrdinalIgnoreCase) || mechanism is not ("PLAIN" or "LOGIN"))
                return await PerformAsync("504 5.5.4 Unrecognized authentication type").ConfigureAwait(false);

            string? user;
            string? password;
            if (mechanism == "PLAIN")
            {
                var response = parts.Length > 1 ? parts[1] : await ChallengeAsync("334 ").ConfigureAwait(false);
                if (response is null)
                    return false;

                if (response == "*")
                    return await PerformAsync("501 5.7.0 Authentication aborted").ConfigureAwait(false);

                // authzid NUL authcid NUL password (RFC 4616); "=" is an empty initial response.
                var fields = (response == "=" ? string.Empty : Decode(response))?.Split('\0');
                user = fields?.Length == 3 ? fields[1] : null;
                password = fields?.Length == 3 ? fields[2] : null;
            }
            else
            {
                var userResponse = parts.Length > 1 ? parts[1]
                    : await ChallengeAsync("334 VXNlcm5hbWU6").ConfigureAwait(false);
                if (userResponse is null)
                    return false;
                if (userResponse == "*")
                    return await PerformAsync("501 5.7.0 Authentication aborted").ConfigureAwait(false);

                var passwordResponse = await ChallengeAsync("334 UGFzc3dvcmQ6").ConfigureAwait(false);
                if (passwordResponse is null)
                    return false;
                if (passwordResponse == "*")
                    return await PerformAsync("501 5.7.0 Authentication aborted").ConfigureAwait(false);

                user = Decode(userResponse);
                password = Decode(passwordResponse);
            }

            if (user is null || password is null)
                return await PerformAsync("501 5.5.2 Error: cannot decode response").ConfigureAwait(false);

            var succeeded = _options.Users.TryGetValue(user, out var expected)
                && string.Equals(expected, password, StringComparison.Ordinal);
            _server.RecordAuthenticationAttempt(user, password, succeeded);
            if (!succeeded)
                return await PerformAsync("535 5.7.8 Error: authentication failed").ConfigureAwait(false);

            _authenticated = true;
            _connection.SetAuthenticatedUser(user);
            return await PerformAsync("235 2.7.0 Authentication successful").ConfigureAwait(false);
        }

        /// <summary>Sends a 334 challenge and returns the client's line, or null if the connection ended.</summary>
        private async Task<string?> ChallengeAsync(string challenge)
        {
            if (!await PerformAsync(challenge).ConfigureAwait(false))
                return null;

            return await ReadClientLineAsync().ConfigureAwait(false);
        }

        private static string? Decode(string base64)
        {
            try
            {
                return _utf8.GetString(Convert.FromBase64String(base64));
            }
            catch (FormatException)
            {
                return null;
            }
        }

        private async Task<string?> ReadClientLineAsync()
        {
            var bytes = await _reader.ReadLineAsync(_options.MaxLineLength, _cancellationToken).ConfigureAwait(false);
            if (bytes is null)
            {
                _connection.RecordConversation("-- client closed");
                return null;
            }

            var length = bytes.Length - 1;
            if (length > 0 && bytes[length - 1] == (byte)'\r')
                length--;

            var line = _utf8.GetString(bytes, 0, length);
            _connection.RecordClientLine(line);
            return line;
        }

        /// <summary>Carries out a reply; false when the connection is over.</summary>
        private async Task<bool> PerformAsync(Reply reply)
        {
            if (reply.Delay > TimeSpan.Zero)
                await Task.Delay(reply.Delay, _cancellationToken).ConfigureAwait(false);

            switch (reply.Action)
            {
                case ReplyAction.Send:
                    await WriteLinesAsync(reply.Lines).ConfigureAwait(false);
                    if (reply.CloseAfter == ReplyAction.Close)
                    {
                        await CloseAsync().ConfigureAwait(false);
                        return false;
                    }

                    if (reply.CloseAfter == ReplyAction.Disconnect)
                    {
                        Reset();
                        return false;
                    }

                    return true;
                case ReplyAction.Close:
                    await CloseAsync().ConfigureAwait(false);
                    return false;
                case ReplyAction.Disconnect:
                    Reset();
                    return false;
                default:
                    _connection.RecordConversation("-- stalling");
                    await _reader.DrainAsync(_cancellationToken).ConfigureAwait(false);
                    _connection.RecordConversation("-- client closed while stalled");
                    return false;
            }
        }

        private async Task WriteLinesAsync(IReadOnlyList<string> lines)
        {
            var text = new StringBuilder();
            foreach (var line in lines)
            {
                text.Append(line).Append("\r\n");
                _connection.RecordConversation("S: " + line);
            }

            await _stream.WriteAsync(_utf8.GetBytes(text.ToString()), _cancellationToken).ConfigureAwait(false);
            await _stream.FlushAsync(_cancellationToken).ConfigureAwait(false);
        }

        private async Task CloseAsync()
        {
            _connection.RecordConversation("-- server closed");
            try
            {
                if (_sslStream is not null)
                    await _sslStream.ShutdownAsync().ConfigureAwait(false);

                _client.Client.Shutdown(SocketShutdown.Send);
            }
            catch (Exception exception) when (exception is IOException or SocketException or ObjectDisposedException)
            {
                // The client may have gone already; closing is all that is left to do.
            }

            _client.Close();
        }

        private void Reset()
        {
            _connection.RecordConversation("-- server reset the connection");
            // Linger 0 makes close send RST instead of FIN: the peer sees "connection reset", not an orderly end.
            _client.Client.LingerState = new LingerOption(true, 0);
            _client.Close();
        }
    }
}
