using Nop.Services.ScheduleTasks;

namespace Nop.Plugin.Misc.Smtp.Services;

/// <summary>
/// The daily schedule task that deletes send log entries older than <see cref="SmtpSettings.LogRetentionDays"/>;
/// 0 keeps them forever. Installed with the plugin under <see cref="SmtpDefaults.LogRetentionTaskType"/>.
/// </summary>
public sealed class LogRetentionTask : IScheduleTask
{
    private readonly SendLogService _sendLogService;
    private readonly SmtpSettings _settings;

    public LogRetentionTask(SendLogService sendLogService, SmtpSettings settings)
    {
        _sendLogService = sendLogService;
        _settings = settings;
    }

    /// <summary>
    /// Deletes what is due; returns how many entries were deleted.
    /// </summary>
    public async Task<int> PurgeAsync(CancellationToken cancellationToken = default)
    {
        if (_settings.LogRetentionDays <= 0)
            return 0;

        var cutoffUtc = DateTime.UtcNow.AddDays(-_settings.LogRetentionDays);
        return await _sendLogService.PurgeOlderThanAsync(cutoffUtc, SendLogService.DefaultPurgeBatchSize, cancellationToken);
    }

    public async Task ExecuteAsync()
    {
        await PurgeAsync();
    }
}
