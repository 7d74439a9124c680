using System.Runtime.CompilerServices;
using Nop.Core;
using Nop.Data;
using Nop.Plugin.Misc.Smtp.Domain;

namespace Nop.Plugin.Misc.Smtp.Services;

/// <summary>
/// Reads and deletes send log entries: the admin's search, details, delete and clear, and the retention purge.
/// </summary>
public sealed class SendLogService
{
    /// <summary>
    /// How many entries one purge statement deletes; small batches keep each delete short on a large table.
    /// </summary>
    public const int DefaultPurgeBatchSize = 1000;

    private readonly IRepository<SmtpLogEntry> _repository;

    public SendLogService(IRepository<SmtpLogEntry> repository)
    {
        _repository = repository;
    }

    private static IQueryable<SmtpLogEntry> Filter(IQueryable<SmtpLogEntry> query, SendLogFilter filter)
    {
        filter ??= SendLogFilter.All;

        if (filter.Status is { } status)
        {
            var statusId = (int)status;
            query = query.Where(entry => entry.StatusId == statusId);
        }

        if (filter.FromUtc is { } fromUtc)
            query = query.Where(entry => entry.CreatedOnUtc >= fromUtc);

        if (filter.ToUtc is { } toUtc)
            query = query.Where(entry => entry.CreatedOnUtc < toUtc);

        var text = filter.Text?.Trim();
        if (!string.IsNullOrEmpty(text))
        {
            // The null checks keep the query valid over in-memory data; SQL ignores them.
            query = query.Where(entry =>
                (entry.ToAddress != null && entry.ToAddress.Contains(text))
                || (entry.Cc != null && entry.Cc.Contains(text))
                || (entry.Bcc != null && entry.Bcc.Contains(text))
                || (entry.Subject != null && entry.Subject.Contains(text)));
        }

        return query;
    }

    /// <summary>
    /// One page of the entries matching the filter, newest first.
    /// </summary>
    public async Task<IPagedList<SmtpLogEntry>> SearchAsync(SendLogFilter filter, int pageIndex, int pageSize,
        CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();

        return await _repository.GetAllPagedAsync(
            query => Filter(query, filter).OrderByDescending(entry => entry.CreatedOnUtc).ThenByDescending(entry => entry.Id), Math.Max(pageIndex, 0), Math.Max(pageSize, 1));
    }

    /// <summary>
    /// The entry with this id, or null.
    /// </summary>
    public async Task<SmtpLogEntry> GetByIdAsync(int id, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();

        return id > 0 ? await _repository.GetByIdAsync(id) : null;
    }

    /// <summary>
    /// Deletes the entries with these ids; returns how many were deleted.
    /// </summary>
    public async Task<int> DeleteAsync(ICollection<int> ids, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();

        if (ids == null || ids.Count == 0)
            return 0;

        var distinct = ids.Distinct().ToArray();
        return await _repository.DeleteAsync(entry => distinct.Contains(entry.Id));
    }

    /// <summary>
    /// Deletes every entry.
    /// </summary>
    public async Task ClearAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();

        await _repository.TruncateAsync();
    }

    /// <summary>
    /// Deletes the entries written before <paramref name="cutoffUtc"/>, oldest first, at most
    /// <paramref name="batchSize"/> per statement; returns how many were deleted.
    /// </summary>
    public async Task<int> PurgeOlderThanAsync(DateTime cutoffUtc, int batchSize = DefaultPurgeBatchSize,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);

        var total = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();

            // IRepository has no async projection and the plugin cannot reference linq2db, so the ids of one batch
            // are read synchronously; a batch is small.
            var ids = _repository.Table
                .Where(entry => entry.CreatedOnUtc < cutoffUtc)
                .OrderBy(entry => entry.Id)
                .Select(entry => entry.Id)
                .Take(batchSize)
                .ToArray();

            if (ids.Length == 0)
                return total;

            total += await _repository.DeleteAsync(entry => ids.Contains(entry.Id));

            if (ids.Length < batchSize)
                return total;
        }
    }

    /// <summary>
    /// The entries matching the filter, newest first by id, read in batches so that an export never loads the whole
    /// table at once. Batches continue below the last id seen, so entries written meanwhile neither repeat nor shift.
    /// </summary>
    public async IAsyncEnumerable<SmtpLogEntry> EnumerateAsync(SendLogFilter filter, int batchSize = 500,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);

        var belowId = int.MaxValue;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();

            var cursor = belowId;
            var batch = await _repository.GetAllPagedAsync(
                query => Filter(query, filter).Where(entry => entry.Id < cursor).OrderByDescending(entry => entry.Id),
                0, batchSize);

            foreach (var entry in batch)
            {
                yield return entry;
                belowId = entry.Id;
            }

            if (batch.Count < batchSize)
                yield break;
        }
    }
}
