using Nop.Services.Logging;

namespace Nop.Plugin.Misc.Smtp.Services;

/// <summary>
/// Writes a problem with the stored settings to nopCommerce's log once, not once per email: a queue of thousands
/// would bury the log. A singleton, so that the memory outlives each request.
/// </summary>
public sealed class SettingsProblemReporter
{
    private string _lastReported;

    /// <summary>
    /// Logs the problem unless it is the one logged last.
    /// </summary>
    public async Task ReportAsync(ILogger logger, string problem)
    {
        if (Interlocked.Exchange(ref _lastReported, problem) != problem)
            await logger.ErrorAsync($"SMTP plugin: the settings cannot be used, so nopCommerce's own email sender is used until they are fixed. {problem}");
    }

    /// <summary>
    /// Forgets the last problem once the settings work again, so that a recurrence is logged.
    /// </summary>
    public void Clear()
    {
        Volatile.Write(ref _lastReported, null);
    }
}
