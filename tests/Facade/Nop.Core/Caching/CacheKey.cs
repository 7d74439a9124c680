namespace Nop.Core.Caching;

public partial class CacheKey;
