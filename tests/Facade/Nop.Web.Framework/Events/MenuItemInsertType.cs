namespace Nop.Web.Framework.Events;

public enum MenuItemInsertType
{
    After,
    Before,
    TryAfterThanBefore,
    TryBeforeThanAfter
}
