using Nop.Plugin.Misc.Smtp.Benchmark.Fakes;
using Nop.Plugin.Misc.Smtp.Domain;
using Nop.Plugin.Misc.Smtp.Services;

namespace Nop.Plugin.Misc.Smtp.Tests.Services;

public class SendLogServiceTests
{
    private static readonly DateTime _noon = new(2026, 3, 10, 12, 0, 0, DateTimeKind.Utc);

    private readonly InMemoryRepository<SmtpLogEntry> _repository = new();
    private readonly SendLogService _service;

    public SendLogServiceTests()
    {
        _service = new SendLogService(_repository);
    }

    private static SmtpLogEntry Entry(DateTime createdOnUtc, SendStatus status = SendStatus.Sent, string to = "a@example.com",
        string subject = "Order placed", string cc = null, string from = "shop@example.com")
    {
        return new SmtpLogEntry
        {
            CreatedOnUtc = createdOnUtc, Status = status, ToAddress = to, Subject = subject, Cc = cc, FromAddress = from
        };
    }

    [Fact]
    public async Task Search_ByStatus_ReturnsOnlyEntriesWithThatStatus()
    {
        _repository.Add(Entry(_noon, SendStatus.Sent), Entry(_noon, SendStatus.Failed), Entry(_noon, SendStatus.Failed),
            Entry(_noon, SendStatus.Redirected));

        var page = await _service.SearchAsync(new SendLogFilter(Status: SendStatus.Failed), 0, 10);

        Assert.Equal(2, page.TotalCount);
        Assert.All(page, entry => Assert.Equal(SendStatus.Failed, entry.Status));
    }

    [Fact]
    public async Task Search_ByDateRange_IncludesTheStartAndExcludesTheEnd()
    {
        var before = Entry(_noon.AddTicks(-1));
        var atStart = Entry(_noon);
        var inside = Entry(_noon.AddHours(5));
        var atEnd = Entry(_noon.AddDays(1));
        _repository.Add(before, atStart, inside, atEnd);

        var page = await _service.SearchAsync(new SendLogFilter(FromUtc: _noon, ToUtc: _noon.AddDays(1)), 0, 10);

        Assert.Equal([inside.Id, atStart.Id], page.Select(entry => entry.Id));
    }

    [Fact]
    public async Task Search_ByText_MatchesRecipientsOrSubject_NotTheSender()
    {
        var byTo = Entry(_noon, to: "jane.doe@example.com", subject: "Welcome");
        var byCc = Entry(_noon, to: "x@example.com", cc: "boss@jane.doe.example.org", subject: "Invoice");
        var bySubject = Entry(_noon, to: "y@example.com", subject: "Hello jane.doe, your order");
        var bySenderOnly = Entry(_noon, to: "z@example.com", subject: "News", from: "jane.doe@shop.example.com");
        var noMatch = Entry(_noon, to: "w@example.com", subject: null);
        _repository.Add(byTo, byCc, bySubject, bySenderOnly, noMatch);

        var page = await _service.SearchAsync(new SendLogFilter(Text: "  jane.doe "), 0, 10);

        Assert.Equal(new[] { byTo.Id, byCc.Id, bySubject.Id }.Order(), page.Select(entry => entry.Id).Order());
    }

    [Fact]
    public async Task Search_PagesNewestFirst_AndReportsTheTotal()
    {
        for (var i = 0; i < 7; i++)
            _repository.Add(Entry(_noon.AddMinutes(i), subject: $"#{i}"));

        var first = await _service.SearchAsync(SendLogFilter.All, 0, 3);
        var last = await _service.SearchAsync(SendLogFilter.All, 2, 3);

        Assert.Equal(7, first.TotalCount);
        Assert.Equal(["#6", "#5", "#4"], first.Select(entry => entry.Subject));
        Assert.Equal(["#0"], last.Select(entry => entry.Subject));
        Assert.False(last.HasNextPage);
    }

    [Fact]
    public async Task PurgeOlderThan_DeletesOnlyOlderEntries_InBatches()
    {
        for (var i = 0; i < 5; i++)
            _repository.Add(Entry(_noon.AddDays(-40 - i), subject: "old"));
        for (var i = 0; i < 3; i++)
            _repository.Add(Entry(_noon.AddDays(-i), subject: "recent"));

        var deleted = await _service.PurgeOlderThanAsync(_noon.AddDays(-30), batchSize: 2);

        Assert.Equal(5, deleted);
        Assert.Equal(3, _repository.DeleteStatements);
        Assert.All(_repository.Rows, entry => Assert.Equal("recent", entry.Subject));
        Assert.Equal(3, _repository.Rows.Count);
    }

    [Fact]
    public async Task PurgeOlderThan_WhenNothingIsOld_DeletesNothing()
    {
        _repository.Add(Entry(_noon), Entry(_noon.AddDays(-1)));

        var deleted = await _service.PurgeOlderThanAsync(_noon.AddDays(-30));

        Assert.Equal(0, deleted);
        Assert.Equal(2, _repository.Rows.Count);
    }

    [Fact]
    public async Task Delete_SelectedIds_DeletesOnlyThoseEntries()
    {
        var keep = Entry(_noon);
        var first = Entry(_noon);
        var second = Entry(_noon);
        _repository.Add(keep, first, second);

        var deleted = await _service.DeleteAsync([first.Id, second.Id, second.Id, 999]);

        Assert.Equal(2, deleted);
        Assert.Equal([keep], _repository.Rows);
    }

    [Fact]
    public async Task Clear_DeletesEveryEntry()
    {
        _repository.Add(Entry(_noon), Entry(_noon, SendStatus.Failed));

        await _service.ClearAsync();

        Assert.Empty(_repository.Rows);
    }

    [Fact]
    public async Task Enumerate_ReturnsEveryMatchingEntryOnce_AcrossBatches()
    {
        for (var i = 0; i < 11; i++)
            _repository.Add(Entry(_noon.AddMinutes(i), i % 2 == 0 ? SendStatus.Sent : SendStatus.Failed));

        var entries = new List<SmtpLogEntry>();
        await foreach (var entry in _service.EnumerateAsync(new SendLogFilter(Status: SendStatus.Sent), batchSize: 2))
            entries.Add(entry);

        Assert.Equal(6, entries.Count);
        Assert.Equal(entries.Count, entries.Select(entry => entry.Id).Distinct().Count());
        Assert.All(entries, entry => Assert.Equal(SendStatus.Sent, entry.Status));
        Assert.Equal(entries.Select(entry => entry.Id).OrderDescending(), entries.Select(entry => entry.Id));
    }
}
