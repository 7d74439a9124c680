#nullable enable
namespace Nop.Plugin.Misc.Smtp.Tests.Infrastructure;

/// <summary>
/// Lets tests await a condition on server state (messages received, connections closed) instead of sleeping.
/// </summary>
internal sealed class StateChangeNotifier
{
    private readonly object _lock = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Notify()
    {
        TaskCompletionSource previous;
        lock (_lock)
        {
            previous = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        previous.TrySetResult();
    }

    public async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, Func<string> describeTimeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            Task changed;
            // Taking the task before testing the condition means a change in between still wakes us.
            lock (_lock)
            {
                changed = _changed.Task;
            }

            if (condition())
                return;

            try
            {
                await changed.WaitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                if (condition())
                    return;

                throw new TimeoutException(describeTimeout());
            }
        }
    }
}
