using Microsoft.AspNetCore.Mvc;

namespace Nop.Web.Framework.Mvc.Filters;

public sealed class AuthorizeAdminAttribute : TypeFilterAttribute
{
    // The real filter type is private to nopCommerce; the facade keeps the public surface only.
    public AuthorizeAdminAttribute(bool ignore = false) : base(typeof(object))
    {
        IgnoreFilter = ignore;
        Arguments = [ignore];
    }

    public bool IgnoreFilter { get; }
}
