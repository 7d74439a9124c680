using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace Nop.Plugin.Misc.Smtp.Benchmark.Loopback;

/// <summary>
/// A TCP proxy on 127.0.0.1 that delays every chunk by a fixed time in each direction, in order: a link with a round
/// trip of twice the delay, as between a store and a remote SMTP provider.
/// </summary>
public sealed class DelayProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly int _targetPort;
    private readonly TimeSpan _delay;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;

    public DelayProxy(int targetPort, TimeSpan oneWayDelay)
    {
        _targetPort = targetPort;
        _delay = oneWayDelay;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start(512);
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = AcceptLoopAsync();
    }

    public int Port { get; }

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
            // Stopping.
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket inbound;
            try
            {
                inbound = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception)
            {
                return;
            }

            _ = Task.Run(() => RelayAsync(inbound));
        }
    }

    private async Task RelayAsync(Socket inbound)
    {
        inbound.NoDelay = true;
        using var outbound = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await outbound.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
            await Task.WhenAll(PumpAsync(inbound, outbound), PumpAsync(outbound, inbound));
        }
        catch (Exception)
        {
            // One side went away.
        }
        finally
        {
            inbound.Dispose();
        }
    }

    private async Task PumpAsync(Socket from, Socket to)
    {
        var channel = Channel.CreateUnbounded<(long Due, byte[] Data)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var delayTicks = (long)(_delay.TotalSeconds * Stopwatch.Frequency);

        var writer = Task.Run(async () =>
        {
            var lateMs = 1.0;
            try
            {
                await foreach (var (due, data) in channel.Reader.ReadAllAsync())
                {
                    // Timers wake up late by a millisecond or two. Aim early by the lateness seen so far and spin
                    // only for the last fraction of a millisecond, so the delay is accurate without taking the CPU
                    // from the client and server on a small machine.
                    var waitMs = (double)(due - Stopwatch.GetTimestamp()) * 1000 / Stopwatch.Frequency;
                    var sleepMs = (int)Math.Floor(waitMs - lateMs);
                    if (sleepMs > 0)
                    {
                        var woke = Stopwatch.GetTimestamp() + (long)(sleepMs * Stopwatch.Frequency / 1000.0);
                        await Task.Delay(sleepMs);
                        var late = (double)(Stopwatch.GetTimestamp() - woke) * 1000 / Stopwatch.Frequency;
                        lateMs = 0.8 * lateMs + 0.2 * Math.Clamp(late, 0, 5);
                    }

                    while (Stopwatch.GetTimestamp() < due)
                        Thread.SpinWait(20);

                    if (data == null)
                    {
                        to.Shutdown(SocketShutdown.Send);
                        return;
                    }

                    await to.SendAsync(data, SocketFlags.None);
                }
            }
            catch (Exception)
            {
                from.Dispose();
            }
        });

        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None);
                if (read == 0)
                    break;

                channel.Writer.TryWrite((Stopwatch.GetTimestamp() + delayTicks, buffer.AsSpan(0, read).ToArray()));
            }
        }
        catch (Exception)
        {
            // Reset: pass the end on after the delay like any other data.
        }

        channel.Writer.TryWrite((Stopwatch.GetTimestamp() + delayTicks, null));
        channel.Writer.TryComplete();
        await writer;
    }
}
