using System.Linq.Expressions;
using Nop.Core;
using Nop.Core.Caching;
using Nop.Data;

namespace Nop.Plugin.Misc.Smtp.Tests.Services;

/// <summary>
/// IRepository over a list, for services that only query and delete: queries run as LINQ over the list, and every
/// delete statement is counted so that batching can be asserted.
/// </summary>
internal sealed class InMemoryRepository<TEntity> : IRepository<TEntity> where TEntity : BaseEntity
{
    public List<TEntity> Items { get; } = new();

    /// <summary>
    /// How many DeleteAsync(predicate) statements ran.
    /// </summary>
    public int DeleteStatements { get; private set; }

    public IQueryable<TEntity> Table => Items.AsQueryable();

    public void Add(params TEntity[] entities)
    {
        foreach (var entity in entities)
        {
            if (entity.Id == 0)
                entity.Id = Items.Count == 0 ? 1 : Items.Max(item => item.Id) + 1;
            Items.Add(entity);
        }
    }

    public Task<TEntity> GetByIdAsync(int? id, Func<ICacheKeyService, CacheKey> getCacheKey = null, bool includeDeleted = true, bool useShortTermCache = false)
    {
        return Task.FromResult(Items.FirstOrDefault(item => item.Id == id));
    }

    public Task<IList<TEntity>> GetByIdsAsync(IList<int> ids, Func<ICacheKeyService, CacheKey> getCacheKey = null, bool includeDeleted = true)
    {
        return Task.FromResult<IList<TEntity>>(Items.Where(item => ids.Contains(item.Id)).ToList());
    }

    public Task<IPagedList<TEntity>> GetAllPagedAsync(Func<IQueryable<TEntity>, IQueryable<TEntity>> func = null,
        int pageIndex = 0, int pageSize = int.MaxValue, bool getOnlyTotalCount = false, bool includeDeleted = true)
    {
        var query = func == null ? Items.AsQueryable() : func(Items.AsQueryable());
        var total = query.Count();
        var page = getOnlyTotalCount
            ? new List<TEntity>()
            : query.Skip((int)Math.Min((long)pageIndex * pageSize, int.MaxValue)).Take(pageSize).ToList();

        return Task.FromResult<IPagedList<TEntity>>(new TestPagedList<TEntity>(page, pageIndex, pageSize, total));
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
        Items.Remove(entity);
        return Task.CompletedTask;
    }

    public Task DeleteAsync(IList<TEntity> entities, bool publishEvent = true)
    {
        foreach (var entity in entities)
            Items.Remove(entity);
        return Task.CompletedTask;
    }

    public Task<int> DeleteAsync(Expression<Func<TEntity, bool>> predicate)
    {
        DeleteStatements++;
        return Task.FromResult(Items.RemoveAll(new Predicate<TEntity>(predicate.Compile())));
    }

    public Task TruncateAsync(bool resetIdentity = false)
    {
        Items.Clear();
        return Task.CompletedTask;
    }
}

/// <summary>
/// One page of results with nopCommerce's paging arithmetic.
/// </summary>
internal sealed class TestPagedList<T> : List<T>, IPagedList<T>
{
    public TestPagedList(IEnumerable<T> page, int pageIndex, int pageSize, int totalCount)
        : base(page)
    {
        PageIndex = pageIndex;
        PageSize = pageSize;
        TotalCount = totalCount;
        TotalPages = pageSize > 0 ? (int)Math.Ceiling(totalCount / (double)pageSize) : 0;
    }

    public int PageIndex { get; }

    public int PageSize { get; }

    public int TotalCount { get; }

    public int TotalPages { get; }

    public bool HasPreviousPage => PageIndex > 0;

    public bool HasNextPage => PageIndex + 1 < TotalPages;
}
