namespace Nop.Core.Caching;

public partial class CacheKey
{
    public CacheKey(string key)
    {
        throw new NotSupportedException("Reference facade");
    }
}
