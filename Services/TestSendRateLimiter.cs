namespace Nop.Plugin.Misc.Smtp.Services;

/// <summary>
/// Allows each admin at most <see cref="SmtpDefaults.TestSendsPerWindow"/> test sends in any sliding
/// <see cref="SmtpDefaults.TestSendWindow"/>, so that the test button cannot be used to hammer a mail server (or to get
/// the store's address blocked). In memory and per process: a singleton.
/// </summary>
public sealed class TestSendRateLimiter
{
    private readonly TimeProvider _clock;
    private readonly int _limit;
    private readonly TimeSpan _window;
    private readonly Dictionary<int, Queue<DateTimeOffset>> _sends = new();
    private readonly object _lock = new();

    public TestSendRateLimiter(TimeProvider clock)
        : this(clock, SmtpDefaults.TestSendsPerWindow, SmtpDefaults.TestSendWindow)
    {
    }

    public TestSendRateLimiter(TimeProvider clock, int limit, TimeSpan window)
    {
        _clock = clock ?? TimeProvider.System;
        _limit = limit;
        _window = window;
    }

    /// <summary>
    /// Counts a test send for the admin and returns true, or returns false without counting when the admin already
    /// used up the window.
    /// </summary>
    public bool TryAcquire(int customerId)
    {
        var now = _clock.GetUtcNow();
        lock (_lock)
        {
            if (!_sends.TryGetValue(customerId, out var times))
            {
                times = new Queue<DateTimeOffset>();
                _sends[customerId] = times;
            }

            while (times.Count > 0 && now - times.Peek() >= _window)
                times.Dequeue();

            if (times.Count >= _limit)
                return false;

            times.Enqueue(now);

            // Forget admins whose windows have all passed, so that the map does not grow for ever.
            if (_sends.Count > 1000)
            {
                foreach (var idle in _sends.Where(pair => pair.Value.All(time => now - time >= _window)).Select(pair => pair.Key).ToList())
                    _sends.Remove(idle);
            }

            return true;
        }
    }
}
