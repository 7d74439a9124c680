namespace Nop.Web.Framework.Events;

public partial class AdminMenuCreatedEvent : BaseMenuItemCreatedEvent;
