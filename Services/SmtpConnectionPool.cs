using System.Diagnostics;
using MimeKit;

namespace Nop.Plugin.Misc.Smtp.Services;

/// <summary>
/// Keeps authenticated SMTP connections open across messages, as MailKit advises, instead of nopCommerce's
/// connect-EHLO-TLS-AUTH-send-QUIT for every email. A singleton. Connections are keyed by the endpoint: a settings
/// change retires the old ones. At most <see cref="SmtpEndpoint.MaxConnections"/> are open per endpoint, each used
/// by one send at a time.
/// </summary>
public sealed class SmtpConnectionPool : IAsyncDisposable, IDisposable
{
    private static readonly TimeSpan _reapInterval = TimeSpan.FromSeconds(1);

    private readonly object _lock = new();
    private readonly Timer _reaper;
    private Partition _partition;
    private int _openConnections;
    private int _peakConnections;
    private bool _disposed;

    public SmtpConnectionPool()
    {
        _reaper = new Timer(_ => ReapIdle(), null, _reapInterval, _reapInterval);
    }

    /// <summary>
    /// Connections open right now, busy or idle.
    /// </summary>
    public int OpenConnections => Volatile.Read(ref _openConnections);

    /// <summary>
    /// The most connections that were open at once since the pool started.
    /// </summary>
    public int PeakConnections => Volatile.Read(ref _peakConnections);

    /// <summary>
    /// Connections opened since the pool started.
    /// </summary>
    public int ConnectionsOpened { get; private set; }

    /// <summary>
    /// Sends a message within the endpoint's timeout, which bounds everything: waiting for a free connection,
    /// connecting, TLS, AUTH and the transfer. A pooled connection found broken before the server could have accepted
    /// the message is replaced and the message sent once more; nothing is retried after the end of the message was sent.
    /// </summary>
    public async Task<SmtpDeliveryResult> SendAsync(SmtpEndpoint endpoint, MimeMessage message, bool captureTranscript,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(message);

        var stopwatch = Stopwatch.StartNew();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(endpoint.Timeout);

        var partition = GetPartition(endpoint);
        try
        {
            await partition.Slots.WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SmtpSendException(SmtpFailureReason.Timeout,
                $"All {endpoint.MaxConnections} connections to {endpoint.Server} stayed busy for the whole timeout.");
        }

        try
        {
            for (var attempt = 1; ; attempt++)
            {
                // A retry never takes another idle connection: after a server restart they are all dead alike.
                var (connection, reused) = await RentAsync(partition, attempt == 1, deadline.Token);
                try
                {
                    var reply = await connection.SendAsync(message, deadline.Token);
                    var result = new SmtpDeliveryResult
                    {
                        ServerReply = reply,
                        Elapsed = stopwatch.Elapsed,
                        Attempts = attempt,
                        ReusedConnection = reused,
                        Session = connection.Info,
                        SizeBytes = connection.LastMessageBytes,
                        Transcript = captureTranscript ? connection.Transcript : null
                    };
                    await ReturnAsync(partition, connection);
                    return result;
                }
                catch (SmtpSendException failure)
                {
                    // A command error (a rejected recipient, say) leaves a healthy session; anything else does not.
                    var keep = connection.IsConnected && failure.Reason is SmtpFailureReason.Sender
                        or SmtpFailureReason.Recipient or SmtpFailureReason.Message or SmtpFailureReason.Input
                        && failure.ReplyCode != 421;
                    if (keep)
                        await ReturnAsync(partition, connection);
                    else
                        await DiscardAsync(connection);

                    var staleConnection = reused && !connection.MessageEndSent
                        && (failure.Reason == SmtpFailureReason.Connect || failure.ReplyCode == 421);
                    if (attempt == 1 && staleConnection && !deadline.IsCancellationRequested)
                        continue;

                    throw;
                }
            }
        }
        finally
        {
            partition.Slots.Release();
        }
    }

    /// <summary>
    /// For containers that dispose synchronously: closes the idle connections as <see cref="DisposeAsync"/> does.
    /// </summary>
    public void Dispose()
    {
        DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>
    /// Closes the idle connections with QUIT; busy ones are closed as their sends finish. Called when the application
    /// stops (the container disposes the singleton).
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        List<SmtpConnection> idle;
        lock (_lock)
        {
            if (_disposed)
                return;

            _disposed = true;
            idle = _partition?.TakeAllIdle() ?? [];
        }

        await _reaper.DisposeAsync();
        foreach (var connection in idle)
            await DiscardAsync(connection);
    }

    private Partition GetPartition(SmtpEndpoint endpoint)
    {
        List<SmtpConnection> retired = null;
        Partition partition;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_partition == null || _partition.Endpoint != endpoint)
            {
                if (_partition != null)
                {
                    _partition.Retired = true;
                    retired = _partition.TakeAllIdle();
                }

                _partition = new Partition(endpoint);
            }

            partition = _partition;
        }

        if (retired != null)
            _ = CloseAllAsync(retired);

        return partition;
    }

    private async Task<(SmtpConnection Connection, bool Reused)> RentAsync(Partition partition, bool mayReuse, CancellationToken cancellationToken)
    {
        while (mayReuse)
        {
            SmtpConnection candidate;
            lock (_lock)
            {
                candidate = partition.Idle.Count > 0 ? partition.Idle.Pop() : null;
            }

            if (candidate == null)
                break;

            var idleFor = DateTime.UtcNow - candidate.LastUsedUtc;
            if (!candidate.IsConnected || idleFor > partition.Endpoint.IdleTimeout)
            {
                await DiscardAsync(candidate);
                continue;
            }

            if ((candidate.NeedsCheck || idleFor > SmtpDefaults.NoOpCheckAfter) && !await candidate.CheckAliveAsync(cancellationToken))
            {
                await DiscardAsync(candidate);
                continue;
            }

            return (candidate, true);
        }

        var connection = await SmtpConnection.OpenAsync(partition.Endpoint, cancellationToken);
        var open = Interlocked.Increment(ref _openConnections);
        lock (_lock)
        {
            ConnectionsOpened++;
            _peakConnections = Math.Max(_peakConnections, open);
        }

        return (connection, false);
    }

    private async Task ReturnAsync(Partition partition, SmtpConnection connection)
    {
        lock (_lock)
        {
            if (!_disposed && !partition.Retired && connection.IsConnected)
            {
                partition.Idle.Push(connection);
                return;
            }
        }

        await DiscardAsync(connection);
    }

    private async Task DiscardAsync(SmtpConnection connection)
    {
        Interlocked.Decrement(ref _openConnections);
        await connection.DisposeAsync();
    }

    private async Task CloseAllAsync(IEnumerable<SmtpConnection> connections)
    {
        foreach (var connection in connections)
            await DiscardAsync(connection);
    }

    private void ReapIdle()
    {
        List<SmtpConnection> expired;
        lock (_lock)
        {
            if (_partition == null || _partition.Idle.Count == 0)
                return;

            expired = _partition.TakeIdleOlderThan(_partition.Endpoint.IdleTimeout);
        }

        if (expired.Count > 0)
            _ = CloseAllAsync(expired);
    }

    /// <summary>
    /// The connections of one endpoint. Guarded by the pool's lock.
    /// </summary>
    private sealed class Partition
    {
        public Partition(SmtpEndpoint endpoint)
        {
            Endpoint = endpoint;
            Slots = new SemaphoreSlim(endpoint.MaxConnections, endpoint.MaxConnections);
        }

        public SmtpEndpoint Endpoint { get; }

        public SemaphoreSlim Slots { get; }

        public Stack<SmtpConnection> Idle { get; } = new();

        public bool Retired { get; set; }

        public List<SmtpConnection> TakeAllIdle()
        {
            var all = Idle.ToList();
            Idle.Clear();
            return all;
        }

        public List<SmtpConnection> TakeIdleOlderThan(TimeSpan age)
        {
            var now = DateTime.UtcNow;
            var keep = Idle.Reverse().Where(connection => now - connection.LastUsedUtc <= age).ToList();
            var expired = Idle.Where(connection => now - connection.LastUsedUtc > age).ToList();
            Idle.Clear();
            foreach (var connection in keep)
                Idle.Push(connection);

            return expired;
        }
    }
}
