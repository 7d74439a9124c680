using System.Linq.Expressions;
using Nop.Core;
using Nop.Core.Caching;
using Nop.Data;

namespace Nop.Plugin.Misc.Smtp.Benchmark.Fakes;

/// <summary>
/// A thread-safe in-memory table, shared by the benchmark and the tests (which link this file). An optional unique
/// key makes InsertAsync throw on a duplicate, as a database's unique index does; every delete statement is counted
/// so that batching can be asserted.
/// </summary>
public sealed class InMemoryRepository<TEntity> : IRepository<TEntity> where TEntity : BaseEntity
{
    private readonly object _lock = new();
    private readonly List<TEntity> _rows = [];
    private readonly Func<TEntity, object> _uniqueKey;
    private int _nextId;

    public InMemoryRepository(Func<TEntity, object> uniqueKey = null)
    {
        _uniqueKey = uniqueKey;
    }

    public IQueryable<TEntity> Table => Rows.AsQueryable();

    /// <summary>
    /// A snapshot of the rows.
    /// </summary>
    public IReadOnlyList<TEntity> Rows
    {
        get
        {
            lock (_lock)
                return _rows.ToList();
        }
    }

    /// <summary>
    /// How many DeleteAsync(predicate) statements ran.
    /// </summary>
    public int DeleteStatements { get; private set; }

    /// <summary>
    /// Stores rows as they are; one without an id gets the next one, as an identity column gives it.
    /// </summary>
    public void Add(params TEntity[] entities)
    {
        lock (_lock)
        {
            foreach (var entity in entities)
            {
                if (_uniqueKey != null && _rows.Any(row => Equals(_uniqueKey(row), _uniqueKey(entity))))
                    throw new InvalidOperationException("Duplicate key (unique index).");

                if (entity.Id == 0)
                    entity.Id = ++_nextId;
                else
                    _nextId = Math.Max(_nextId, entity.Id);
                _rows.Add(entity);
            }
        }
    }

    public Task<TEntity> GetByIdAsync(int? id, Func<ICacheKeyService, CacheKey> getCacheKey = null, bool includeDeleted = true, bool useShortTermCache = false)
    {
        lock (_lock)
            return Task.FromResult(_rows.FirstOrDefault(row => row.Id == id));
    }

    public Task<IList<TEntity>> GetByIdsAsync(IList<int> ids, Func<ICacheKeyService, CacheKey> getCacheKey = null, bool includeDeleted = true)
    {
        lock (_lock)
            return Task.FromResult<IList<TEntity>>(_rows.Where(row => ids.Contains(row.Id)).ToList());
    }

    public Task<IPagedList<TEntity>> GetAllPagedAsync(Func<IQueryable<TEntity>, IQueryable<TEntity>> func = null, int pageIndex = 0,
        int pageSize = int.MaxValue, bool getOnlyTotalCount = false, bool includeDeleted = true)
    {
        var query = func == null ? Table : func(Table);
        var total = query.Count();
        var page = getOnlyTotalCount
            ? new List<TEntity>()
            : query.Skip((int)Math.Min((long)pageIndex * pageSize, int.MaxValue)).Take(pageSize).ToList();

        return Task.FromResult<IPagedList<TEntity>>(new PagedList<TEntity>(page, pageIndex, pageSize, total));
    }

    public Task InsertAsync(TEntity entity, bool publishEvent = true)
    {
        Add(entity);
        return Task.CompletedTask;
    }

    public Task UpdateAsync(TEntity entity, bool publishEvent = true)
    {
        return Task.CompletedTask;
    }

    public Task DeleteAsync(TEntity entity, bool publishEvent = true)
    {
        lock (_lock)
            _rows.RemoveAll(row => row.Id == entity.Id);

        return Task.CompletedTask;
    }

    public Task DeleteAsync(IList<TEntity> entities, bool publishEvent = true)
    {
        lock (_lock)
            _rows.RemoveAll(entities.Contains);

        return Task.CompletedTask;
    }

    public Task<int> DeleteAsync(Expression<Func<TEntity, bool>> predicate)
    {
        var match = predicate.Compile(preferInterpretation: true);
        lock (_lock)
        {
            DeleteStatements++;
            return Task.FromResult(_rows.RemoveAll(row => match(row)));
        }
    }

    public Task TruncateAsync(bool resetIdentity = false)
    {
        lock (_lock)
            _rows.Clear();

        return Task.CompletedTask;
    }
}

/// <summary>
/// One page of results with nopCommerce's paging arithmetic.
/// </summary>
public sealed class PagedList<T> : List<T>, IPagedList<T>
{
    /// <param name="page">The rows of this page.</param>
    /// <param name="pageIndex">The page's index.</param>
    /// <param name="pageSize">The page size.</param>
    /// <param name="totalCount">The rows of all pages; by default, those of this page.</param>
    public PagedList(IEnumerable<T> page, int pageIndex, int pageSize, int? totalCount = null)
        : base(page)
    {
        PageIndex = pageIndex;
        PageSize = pageSize;
        TotalCount = totalCount ?? Count;
        TotalPages = pageSize > 0 ? (int)Math.Ceiling(TotalCount / (double)pageSize) : 0;
    }

    public int PageIndex { get; }

    public int PageSize { get; }

    public int TotalCount { get; }

    public int TotalPages { get; }

    public bool HasPreviousPage => PageIndex > 0;

    public bool HasNextPage => PageIndex + 1 < TotalPages;
}
