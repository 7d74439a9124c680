namespace Nop.Services.Plugins;

public abstract partial class BasePlugin : IPlugin
{
    public virtual string GetConfigurationPageUrl()
    {
        return null;
    }

    public virtual PluginDescriptor PluginDescriptor { get; set; }

    public virtual Task InstallAsync()
    {
        return Task.CompletedTask;
    }

    public virtual Task InstallSampleDataAsync()
    {
        return Task.CompletedTask;
    }

    public virtual Task UninstallAsync()
    {
        return Task.CompletedTask;
    }

    public virtual Task UpdateAsync(string currentVersion, string targetVersion)
    {
        return Task.CompletedTask;
    }

    public virtual Task PreparePluginToUninstallAsync()
    {
        return Task.CompletedTask;
    }
}
