namespace Nop.Plugin.Misc.Smtp.Services;

/// <summary>
/// Runs database work one at a time when parallel sends share one scope's services (nopCommerce's repositories are
/// not safe for concurrent use).
/// </summary>
internal static class ExclusiveStorage
{
    /// <summary>
    /// Runs the work under the gate, or directly when there is none (a single send).
    /// </summary>
    public static async Task<T> RunAsync<T>(SemaphoreSlim gate, Func<Task<T>> work, CancellationToken cancellationToken)
    {
        if (gate == null)
            return await work();

        await gate.WaitAsync(cancellationToken);
        try
        {
            return await work();
        }
        finally
        {
            gate.Release();
        }
    }
}
