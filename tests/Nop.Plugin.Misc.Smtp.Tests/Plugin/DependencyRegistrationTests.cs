using System.Reflection;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using Nop.Core.Configuration;
using Nop.Plugin.Misc.Smtp.Controllers;
using Nop.Plugin.Misc.Smtp.Infrastructure;
using Nop.Plugin.Misc.Smtp.Services;
using Nop.Services.Messages;

namespace Nop.Plugin.Misc.Smtp.Tests.Plugin;

/// <summary>
/// Everything nopCommerce builds from the container (controllers, the plugin class, tasks, the menu consumer, the
/// email sender) can be built from what the plugin's NopStartup registers plus nopCommerce's own services. A plugin
/// type missing from NopStartup would otherwise show up only in a store, as an error on the page or in the queue.
/// </summary>
public class DependencyRegistrationTests
{
    private static readonly Assembly _plugin = typeof(SmtpPlugin).Assembly;

    // What nopCommerce (or ASP.NET Core) builds with the container, resolving constructor parameters.
    private static readonly Type[] _builtByNopCommerce =
    [
        typeof(SmtpController), typeof(SmtpLogController), typeof(SmtpPlugin), typeof(LogRetentionTask),
        typeof(AdminMenuEventConsumer), typeof(SmtpPermissionConfigManager)
    ];

    private static IServiceCollection PluginServices()
    {
        var services = new ServiceCollection();
        new NopStartup().ConfigureServices(services, new ConfigurationBuilder().Build());
        return services;
    }

    private static ServiceProvider BuildProvider(IServiceCollection services, IEnumerable<Type> roots)
    {
        var pending = new Queue<Type>(roots);
        var seen = new HashSet<Type>();
        while (pending.Count > 0)
        {
            var type = pending.Dequeue();
            if (!seen.Add(type))
                continue;

            var constructor = type.GetConstructors().OrderByDescending(candidate => candidate.GetParameters().Length).FirstOrDefault();
            foreach (var parameter in constructor?.GetParameters() ?? [])
            {
                var dependency = parameter.ParameterType;
                var registration = services.LastOrDefault(descriptor => descriptor.ServiceType == dependency);
                if (registration?.ImplementationType != null)
                    pending.Enqueue(registration.ImplementationType);
                else if (registration != null || dependency.Assembly == _plugin && !typeof(ISettings).IsAssignableFrom(dependency))
                    continue;
                else
                    services.AddSingleton(dependency, NopCommerceService(dependency));
            }
        }

        // The container builds nopCommerce's own EmailSender from the host's constructor, which the facade cannot.
        services.AddScoped(_ => new NopEmailSender(Mock.Of<IEmailSender>()));
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    // A stand-in for what nopCommerce registers: settings objects, mocks of its interfaces, Data Protection.
    private static object NopCommerceService(Type type)
    {
        if (type == typeof(IDataProtectionProvider))
            return new EphemeralDataProtectionProvider();
        if (typeof(ISettings).IsAssignableFrom(type))
            return Activator.CreateInstance(type);
        if (type.IsInterface || type.IsAbstract)
            return ((Mock)Activator.CreateInstance(typeof(Mock<>).MakeGenericType(type))).Object;
        if (type == typeof(TimeProvider))
            return TimeProvider.System;

        throw new InvalidOperationException($"No stand-in for {type.FullName}.");
    }

    [Fact]
    public void EveryPluginTypeAConstructorAsksFor_IsRegisteredByNopStartup()
    {
        var services = PluginServices();
        var missing = new List<string>();
        var pending = new Queue<Type>(_builtByNopCommerce.Concat(services.Select(descriptor => descriptor.ImplementationType).Where(type => type != null)));
        var seen = new HashSet<Type>();
        while (pending.Count > 0)
        {
            var type = pending.Dequeue();
            if (!seen.Add(type))
                continue;

            foreach (var parameter in type.GetConstructors().SelectMany(constructor => constructor.GetParameters()))
            {
                var dependency = parameter.ParameterType;
                if (dependency.Assembly != _plugin || typeof(ISettings).IsAssignableFrom(dependency))
                    continue;

                var registration = services.LastOrDefault(descriptor => descriptor.ServiceType == dependency);
                if (registration == null)
                    missing.Add($"{type.Name} needs {dependency.Name}");
                else if (registration.ImplementationType != null)
                    pending.Enqueue(registration.ImplementationType);
            }
        }

        Assert.Empty(missing);
    }

    [Fact]
    public void EverythingNopCommerceBuilds_CanBeBuiltFromTheContainer()
    {
        using var provider = BuildProvider(PluginServices(), _builtByNopCommerce);
        using var scope = provider.CreateScope();

        foreach (var type in _builtByNopCommerce)
            Assert.NotNull(ActivatorUtilities.CreateInstance(scope.ServiceProvider, type));
    }

    [Fact]
    public void TheStoresEmailSenderAndSendTask_AreThePlugins()
    {
        var services = PluginServices();
        using var provider = BuildProvider(services, services.Select(descriptor => descriptor.ImplementationType).Where(type => type != null));
        using var scope = provider.CreateScope();

        Assert.IsType<SmtpEmailSender>(scope.ServiceProvider.GetRequiredService<IEmailSender>());
        Assert.IsType<SmtpQueuedMessagesSendTask>(scope.ServiceProvider.GetRequiredService<QueuedMessagesSendTask>());
        Assert.Same(provider.GetRequiredService<SmtpConnectionPool>(), provider.GetRequiredService<SmtpConnectionPool>());
    }
}
