using Nop.Plugin.Misc.Smtp.Benchmark.Fakes;
using Nop.Plugin.Misc.Smtp.Domain;
using Nop.Plugin.Misc.Smtp.Services;

namespace Nop.Plugin.Misc.Smtp.Tests.Services;

public class LogRetentionTaskTests
{
    private readonly InMemoryRepository<SmtpLogEntry> _repository = new();

    private LogRetentionTask CreateTask(int retentionDays)
    {
        return new LogRetentionTask(new SendLogService(_repository), new SmtpSettings { LogRetentionDays = retentionDays });
    }

    private void AddEntryAgedDays(double days, string subject)
    {
        _repository.Add(new SmtpLogEntry { CreatedOnUtc = DateTime.UtcNow.AddDays(-days), Subject = subject });
    }

    [Fact]
    public async Task Execute_DeletesOnlyEntriesOlderThanTheRetentionDays()
    {
        AddEntryAgedDays(31, "old");
        AddEntryAgedDays(400, "old");
        AddEntryAgedDays(29, "kept");
        AddEntryAgedDays(0, "kept");

        await CreateTask(30).ExecuteAsync();

        Assert.Equal(["kept", "kept"], _repository.Rows.Select(entry => entry.Subject));
    }

    [Fact]
    public async Task Execute_WithZeroDays_KeepsEverything()
    {
        AddEntryAgedDays(5000, "ancient");
        AddEntryAgedDays(1, "recent");

        await CreateTask(0).ExecuteAsync();

        Assert.Equal(2, _repository.Rows.Count);
        Assert.Equal(0, _repository.DeleteStatements);
    }
}
