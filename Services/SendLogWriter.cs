using Nop.Data;
using Nop.Plugin.Misc.Smtp.Domain;
using Nop.Services.Logging;

namespace Nop.Plugin.Misc.Smtp.Services;

/// <summary>
/// Writes send log entries to the plugin's table; a write failure goes to nopCommerce's log and is swallowed.
/// </summary>
public sealed class SendLogWriter : ISendLog
{
    private readonly IRepository<SmtpLogEntry> _repository;
    private readonly ILogger _logger;

    public SendLogWriter(IRepository<SmtpLogEntry> repository, ILogger logger)
    {
        _repository = repository;
        _logger = logger;
    }

    public async Task RecordAsync(SmtpLogEntry entry, CancellationToken cancellationToken = default)
    {
        try
        {
            await _repository.InsertAsync(entry, false);
        }
        catch (Exception exception)
        {
            try
            {
                await _logger.ErrorAsync($"SMTP plugin: the send log could not be written ({entry.Status} to {entry.ToAddress}, subject \"{entry.Subject}\"): {exception.Message}", exception);
            }
            catch (Exception)
            {
                // Both logs are down; the email's own outcome still stands.
            }
        }
    }
}
