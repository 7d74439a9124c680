using System.Diagnostics;

namespace Nop.Plugin.Misc.Smtp.Benchmark;

/// <summary>
/// The outcome of one way of sending the workload.
/// </summary>
public sealed record Measurement(string Name, int Emails, double Seconds, double P50Ms, double P99Ms, double PeakManagedMb)
{
    public double PerSecond => Emails / Seconds;

    public static double Percentile(IReadOnlyList<double> values, double percentile)
    {
        if (values.Count == 0)
            return double.NaN;

        var sorted = values.OrderBy(value => value).ToList();
        var index = (int)Math.Ceiling(percentile / 100 * sorted.Count) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Count - 1)];
    }

    public override string ToString()
    {
        return $"{Name,-44} {Emails,5} emails {Seconds,8:0.00} s {PerSecond,9:0.0}/s  p50 {P50Ms,7:0.00} ms  p99 {P99Ms,8:0.00} ms  peak {PeakManagedMb,6:0.0} MB";
    }
}

/// <summary>
/// Samples the managed heap (GC.GetTotalMemory without collecting) every millisecond on its own thread and keeps
/// the peak.
/// </summary>
public sealed class PeakMemorySampler : IDisposable
{
    private readonly Thread _thread;
    private volatile bool _running = true;
    private long _peak;

    public PeakMemorySampler()
    {
        _peak = GC.GetTotalMemory(false);
        _thread = new Thread(() =>
        {
            while (_running)
            {
                var now = GC.GetTotalMemory(false);
                if (now > Interlocked.Read(ref _peak))
                    Interlocked.Exchange(ref _peak, now);
                Thread.Sleep(1);
            }
        }) { IsBackground = true, Priority = ThreadPriority.AboveNormal };
        _thread.Start();
    }

    public long PeakBytes
    {
        get
        {
            var now = GC.GetTotalMemory(false);
            return Math.Max(now, Interlocked.Read(ref _peak));
        }
    }

    public void Dispose()
    {
        _running = false;
        _thread.Join();
    }

    /// <summary>
    /// Runs a phase with a fresh sampler after a full collection, so each phase's peak is its own.
    /// </summary>
    public static async Task<(T Result, double Seconds, double PeakMb)> MeasureAsync<T>(Func<Task<T>> phase)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var sampler = new PeakMemorySampler();
        var stopwatch = Stopwatch.StartNew();
        var result = await phase();
        var seconds = stopwatch.Elapsed.TotalSeconds;
        return (result, seconds, sampler.PeakBytes / 1024.0 / 1024.0);
    }
}
