#nullable enable
using System.Buffers;
using System.Net;
using System.Security.Authentication;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.Mail;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;
using PackageServiceProvider = SmtpServer.ComponentModel.ServiceProvider;
using PackageSmtpServer = SmtpServer.SmtpServer;

namespace Nop.Plugin.Misc.Smtp.Tests.Infrastructure;

/// <summary>
/// A standards-following SMTP server for tests: the SmtpServer package (cosullivan, 11.1.0) on 127.0.0.1 and an
/// ephemeral port, recording every accepted message.
/// </summary>
/// <remarks>
/// What the package does, as found in 11.1.0 (checked by the self-tests):
/// <list type="bullet">
/// <item>EHLO always advertises PIPELINING, 8BITMIME and SMTPUTF8; then STARTTLS when the endpoint has a certificate
/// and the session is not yet secure; SIZE n when a maximum size is set; and "AUTH PLAIN LOGIN" when a user
/// authenticator is registered and the session is secure or the endpoint allows plain-text AUTH. It never
/// advertises CHUNKING (no BDAT), ENHANCEDSTATUSCODES or DSN. PLAIN and LOGIN are its only mechanisms; its replies
/// carry no enhanced status codes.</item>
/// <item>The message store gets the DATA content dot-unstuffed and without the final CRLF (the terminator search
/// starts at that CRLF); the wire bytes are not exposed. A ".." at the very start of the content is not unstuffed
/// (no CRLF precedes it), which no MIME message triggers since it starts with a header.</item>
/// <item>TLS is plain SslStream.AuthenticateAsServerAsync with the X509Certificate it is given; on Linux an
/// ephemeral-key certificate from CertificateRequest works, but <see cref="TestCertificates"/> round-trips through
/// PKCS#12 anyway so the same certificate also works on Windows. The package defaults to TLS 1.2 only; this wrapper
/// enables 1.2 and 1.3.</item>
/// <item>Its own strict size mode (MaxMessageSizeHandling.Strict) swallows the error during DATA without replying,
/// so this wrapper uses the lenient mode and rejects oversized content itself with 552.</item>
/// <item>STARTTLS cannot be required by configuration; a mailbox filter here answers MAIL with 530 instead.</item>
/// <item>Wrong AUTH gets "535 authentication failed, N attempt(s) remaining."; after 3 failures it replies 221 and
/// closes.</item>
/// </list>
/// </remarks>
public sealed class RealSmtpServer : IAsyncDisposable
{
    private const string ConnectionIndexKey = "RealSmtpServer:ConnectionIndex";
    private const string MessageCountKey = "RealSmtpServer:MessageCount";
    private static readonly TimeSpan _startTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan _stopTimeout = TimeSpan.FromSeconds(10);

    private readonly RealSmtpServerOptions _options;
    private readonly object _lock = new();
    private readonly List<ReceivedMessage> _messages = new();
    private readonly List<(string User, string Password, bool Succeeded)> _authenticationAttempts = new();
    private readonly List<Exception> _faults = new();
    private readonly HashSet<Guid> _openSessions = new();
    private readonly StateChangeNotifier _notifier = new();
    private readonly CancellationTokenSource _shutdown = new();
    private readonly TaskCompletionSource<int> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private PackageSmtpServer? _server;
    private Task _runTask = Task.CompletedTask;
    private int _sessionsOpened;
    private int _peakConcurrentSessions;
    private int _disposed;

    private RealSmtpServer(RealSmtpServerOptions options)
    {
        _options = options;
    }

    public string Host => "127.0.0.1";

    public int Port { get; private set; }

    /// <summary>SMTP sessions (TCP connections) accepted so far.</summary>
    public int SessionsOpened => Volatile.Read(ref _sessionsOpened);

    public int ConnectionsOpenNow
    {
        get
        {
            lock (_lock)
            {
                return _openSessions.Count;
            }
        }
    }

    public int PeakConcurrentSessions => Volatile.Read(ref _peakConcurrentSessions);

    /// <summary>A snapshot of the accepted messages, in the order their final dot was answered.</summary>
    public IReadOnlyList<ReceivedMessage> Messages
    {
        get
        {
            lock (_lock)
            {
                return _messages.ToArray();
            }
        }
    }

    /// <summary>Every AUTH that reached the user check (user, password, accepted), in order.</summary>
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

    /// <summary>Exceptions that ended sessions (TLS handshake failures, dropped connections): for diagnosing tests.</summary>
    public IReadOnlyList<Exception> Faults
    {
        get
        {
            lock (_lock)
            {
                return _faults.ToArray();
            }
        }
    }

    public static async Task<RealSmtpServer> StartAsync(RealSmtpServerOptions? options = null)
    {
        var server = new RealSmtpServer(options ?? new RealSmtpServerOptions());
        try
        {
            await server.StartCoreAsync().ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> messages are in; returns the count-th one.</summary>
    public async Task<ReceivedMessage> WaitForMessagesAsync(int count, TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        await _notifier.WaitUntilAsync(() => CountMessages() >= count, timeout,
            () => $"Expected {count} message(s) within {timeout}, got {CountMessages()}.").ConfigureAwait(false);
        lock (_lock)
        {
            return _messages[count - 1];
        }
    }

    /// <summary>Waits until exactly <paramref name="count"/> sessions are open, e.g. 0 after a client pool closed.</summary>
    public Task WaitForConnectionsOpenNowAsync(int count, TimeSpan timeout)
    {
        return _notifier.WaitUntilAsync(() => ConnectionsOpenNow == count, timeout,
            () => $"Expected {count} open session(s) within {timeout}, have {ConnectionsOpenNow}.");
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;

        // Cancelling (rather than Shutdown) also ends open sessions, so a test that forgot to disconnect can't hang us.
        _shutdown.Cancel();
        try
        {
            await _runTask.WaitAsync(_stopTimeout).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Stopping is best effort: a fault or a slow session must not fail the test that is cleaning up.
        }

        _shutdown.Dispose();
    }

    private async Task StartCoreAsync()
    {
        var tls = _options.Tls;
        var certificate = tls == RealSmtpTls.None ? null : _options.Certificate ?? TestCertificates.Localhost;

        var builder = new SmtpServerOptionsBuilder()
            .ServerName(_options.ServerName)
            .Endpoint(endpoint =>
            {
                endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, 0))
                    .IsSecure(tls == RealSmtpTls.ImplicitTls)
                    .AuthenticationRequired(_options.RequireAuth)
                    .AllowUnsecureAuthentication(tls != RealSmtpTls.StartTlsRequired)
                    .SessionTimeout(_options.SessionTimeout)
                    .SupportedSslProtocols(SslProtocols.Tls12 | SslProtocols.Tls13);
                if (certificate is not null)
                    endpoint.Certificate(certificate);
            });
        if (_options.MaxMessageSize is { } maxMessageSize)
            builder.MaxMessageSize(maxMessageSize, MaxMessageSizeHandling.Ignore);

        var listenerFactory = new EndpointListenerFactory();
        listenerFactory.EndpointStarted += (_, e) => _listening.TrySetResult(((IPEndPoint)e.LocalEndPoint).Port);

        var services = new PackageServiceProvider();
        services.Add(listenerFactory);
        services.Add((IMessageStore)new CapturingMessageStore(this));
        // The package advertises AUTH only when an authenticator is registered.
        if (_options.RequireAuth || _options.Users.Count > 0)
            services.Add((IUserAuthenticator)new DictionaryUserAuthenticator(this));
        if (tls == RealSmtpTls.StartTlsRequired)
            services.Add((IMailboxFilter)new RequireTlsMailboxFilter());

        _server = new PackageSmtpServer(builder.Build(), services);
        _server.SessionCreated += OnSessionCreated;
        _server.SessionCompleted += OnSessionEnded;
        _server.SessionCancelled += OnSessionEnded;
        _server.SessionFaulted += OnSessionFaulted;

        _runTask = _server.StartAsync(_shutdown.Token);
        var first = await Task.WhenAny(_listening.Task, _runTask).WaitAsync(_startTimeout).ConfigureAwait(false);
        if (first != _listening.Task)
        {
            await _runTask.ConfigureAwait(false);
            throw new InvalidOperationException("The SMTP server stopped before it listened.");
        }

        Port = await _listening.Task.ConfigureAwait(false);
    }

    private int CountMessages()
    {
        lock (_lock)
        {
            return _messages.Count;
        }
    }

    private void OnSessionCreated(object? sender, SessionEventArgs e)
    {
        var index = Interlocked.Increment(ref _sessionsOpened) - 1;
        e.Context.Properties[ConnectionIndexKey] = index;
        e.Context.Properties[MessageCountKey] = 0;
        lock (_lock)
        {
            _openSessions.Add(e.Context.SessionId);
            if (_openSessions.Count > _peakConcurrentSessions)
                Volatile.Write(ref _peakConcurrentSessions, _openSessions.Count);
        }

        _notifier.Notify();
    }

    private void OnSessionEnded(object? sender, SessionEventArgs e)
    {
        lock (_lock)
        {
            _openSessions.Remove(e.Context.SessionId);
        }

        _notifier.Notify();
    }

    private void OnSessionFaulted(object? sender, SessionFaultedEventArgs e)
    {
        lock (_lock)
        {
            _faults.Add(e.Exception);
            // The package also raises this for accept failures, which had no SessionCreated: Remove then is a no-op.
            _openSessions.Remove(e.Context.SessionId);
        }

        _notifier.Notify();
    }

    private SmtpResponse Store(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer)
    {
        // The package strips the CRLF that begins the terminator; it is the end of the message's last line.
        var rawBytes = new byte[buffer.Length + 2];
        buffer.CopyTo(rawBytes);
        rawBytes[^2] = (byte)'\r';
        rawBytes[^1] = (byte)'\n';

        if (_options.MaxMessageSize is { } maxMessageSize && rawBytes.Length > maxMessageSize)
            return new SmtpResponse(SmtpReplyCode.SizeLimitExceeded, "5.3.4 message size exceeds fixed maximum");

        var messageIndex = (int)context.Properties[MessageCountKey];
        context.Properties[MessageCountKey] = messageIndex + 1;

        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var parameter in transaction.Parameters ?? new Dictionary<string, string>())
            parameters[parameter.Key.ToUpperInvariant()] = parameter.Value;

        var response = SmtpResponse.Ok;
        var message = new ReceivedMessage(
            transaction.From?.AsAddress() ?? string.Empty,
            transaction.To.Select(mailbox => mailbox.AsAddress()).ToArray(),
            parameters,
            rawBytes,
            null,
            context.Authentication.IsAuthenticated ? context.Authentication.User : null,
            context.Pipe.IsSecure,
            (int)context.Properties[ConnectionIndexKey],
            messageIndex,
            $"{(int)response.ReplyCode} {response.Message}");

        lock (_lock)
        {
            _messages.Add(message);
        }

        _notifier.Notify();
        return response;
    }

    private bool Authenticate(string user, string password)
    {
        var succeeded = user is not null && _options.Users.TryGetValue(user, out var expected)
            && string.Equals(expected, password, StringComparison.Ordinal);
        lock (_lock)
        {
            _authenticationAttempts.Add((user ?? string.Empty, password ?? string.Empty, succeeded));
        }

        return succeeded;
    }

    private sealed class CapturingMessageStore : IMessageStore
    {
        private readonly RealSmtpServer _owner;

        public CapturingMessageStore(RealSmtpServer owner)
        {
            _owner = owner;
        }

        public Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction,
            ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            return Task.FromResult(_owner.Store(context, transaction, buffer));
        }
    }

    private sealed class DictionaryUserAuthenticator : IUserAuthenticator
    {
        private readonly RealSmtpServer _owner;

        public DictionaryUserAuthenticator(RealSmtpServer owner)
        {
            _owner = owner;
        }

        public Task<bool> AuthenticateAsync(ISessionContext context, string user, string password,
            CancellationToken cancellationToken)
        {
            return Task.FromResult(_owner.Authenticate(user, password));
        }
    }

    private sealed class RequireTlsMailboxFilter : IMailboxFilter
    {
        public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size,
            CancellationToken cancellationToken)
        {
            if (!context.Pipe.IsSecure)
            {
                throw new SmtpResponseException(new SmtpResponse(SmtpReplyCode.AuthenticationRequired,
                    "5.7.0 Must issue a STARTTLS command first"));
            }

            return Task.FromResult(true);
        }

        public Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from,
            CancellationToken cancellationToken)
        {
            return Task.FromResult(true);
        }
    }
}
