namespace Nop.Web.Framework.Events;

public abstract partial class BaseMenuItemCreatedEvent;
