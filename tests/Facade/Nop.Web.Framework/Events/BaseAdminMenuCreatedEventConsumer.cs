using Nop.Services.Events;
using Nop.Services.Plugins;
using Nop.Web.Framework.Menu;

namespace Nop.Web.Framework.Events;

public abstract class BaseAdminMenuCreatedEventConsumer : IConsumer<AdminMenuCreatedEvent>
{
    protected readonly IPluginManager<IPlugin> _pluginManager;

    protected BaseAdminMenuCreatedEventConsumer(IPluginManager<IPlugin> pluginManager)
    {
        _pluginManager = pluginManager;
    }

    protected virtual Task<bool> CheckAccessAsync()
    {
        return Task.FromResult(true);
    }

    protected virtual Task<AdminMenuItem> GetAdminMenuItemAsync(IPlugin plugin)
    {
        throw new NotSupportedException("Reference facade");
    }

    public virtual Task HandleEventAsync(AdminMenuCreatedEvent eventMessage)
    {
        throw new NotSupportedException("Reference facade");
    }

    protected abstract string PluginSystemName { get; }

    protected virtual MenuItemInsertType InsertType => MenuItemInsertType.Before;

    protected virtual string AfterMenuSystemName => string.Empty;

    protected virtual string BeforeMenuSystemName => string.Empty;
}
