namespace Nop.Services.Plugins;

public partial interface IPluginManager<TPlugin> where TPlugin : class, IPlugin;
