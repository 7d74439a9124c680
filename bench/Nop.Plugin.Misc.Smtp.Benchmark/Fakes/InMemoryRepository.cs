using System.Linq.Expressions;
using Nop.Core;
using Nop.Core.Caching;
using Nop.Data;

namespace Nop.Plugin.Misc.Smtp.Benchmark.Fakes;

/// <summary>
/// A thread-safe in-memory table. An optional unique key makes InsertAsync throw on a duplicate, as a database's
/// unique index does.
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

    public IQueryable<TEntity> Table
    {
        get
        {
            lock (_lock)
                return _rows.ToList().AsQueryable();
        }
    }

    public IReadOnlyList<TEntity> Rows
    {
        get
        {
            lock (_lock)
                return _rows.ToList();
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
        return Task.FromResult<IPagedList<TEntity>>(new PagedList<TEntity>(query.Skip(pageIndex * pageSize).Take(pageSize).ToList(), pageIndex, pageSize));
    }

    public Task InsertAsync(TEntity entity, bool publishEvent = true)
    {
        lock (_lock)
        {
            if (_uniqueKey != null && _rows.Any(row => Equals(_uniqueKey(row), _uniqueKey(entity))))
                throw new InvalidOperationException("Duplicate key (unique index).");

            entity.Id = ++_nextId;
            _rows.Add(entity);
        }

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
            return Task.FromResult(_rows.RemoveAll(row => match(row)));
    }

    public Task TruncateAsync(bool resetIdentity = false)
    {
        lock (_lock)
            _rows.Clear();

        return Task.CompletedTask;
    }
}

/// <summary>
/// A page of results.
/// </summary>
public sealed class PagedList<T> : List<T>, IPagedList<T>
{
    public PagedList(IEnumerable<T> items, int pageIndex, int pageSize)
        : base(items)
    {
        PageIndex = pageIndex;
        PageSize = pageSize;
        TotalCount = Count;
    }

    public int PageIndex { get; }

    public int PageSize { get; }

    public int TotalCount { get; }

    public int TotalPages => 1;

    public bool HasPreviousPage => false;

    public bool HasNextPage => false;
}
