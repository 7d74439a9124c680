using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Nop.Core.Infrastructure;
using Nop.Plugin.Misc.Smtp.Factories;
using Nop.Plugin.Misc.Smtp.Services;
using Nop.Services.Messages;

namespace Nop.Plugin.Misc.Smtp.Infrastructure;

/// <summary>
/// Registers the plugin's services and replaces the store's IEmailSender.
/// </summary>
public class NopStartup : INopStartup
{
    public void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<SmtpConnectionPool>();
        services.AddSingleton<PasswordProtector>();
        services.AddSingleton<SettingsProblemReporter>();
        services.AddScoped<EmailMessageBuilder>();
        services.AddScoped<ISendLog, SendLogWriter>();
        services.AddScoped<SmtpSendService>();
        services.AddScoped<SendLogService>();
        services.AddScoped<SendLogResender>();
        services.AddScoped<SmtpLogModelFactory>();

        // The settings page.
        services.AddScoped<ConfigurationModelFactory>();
        services.AddScoped<TestSendResultModelFactory>();
        services.AddScoped<SmtpTestSendService>();
        services.AddSingleton(_ => new TestSendRateLimiter(TimeProvider.System));

        // nopCommerce's sender stays available for when the plugin is off; the container builds it with the host's
        // own constructor.
        services.AddScoped(provider => new NopEmailSender(ActivatorUtilities.CreateInstance<EmailSender>(provider)));
        services.AddScoped<IEmailSender, SmtpEmailSender>();

        // nopCommerce's task runner resolves the "Send emails" task's type from the container before constructing it
        // itself, so this replaces the task without touching its schedule record.
        services.AddScoped<QueuedEmailClaimService>();
        services.AddScoped<QueuedMessagesSendTask, SmtpQueuedMessagesSendTask>();
    }

    public void Configure(IApplicationBuilder application)
    {
    }

    /// <summary>
    /// After nopCommerce's own registrations (2000), so that the IEmailSender registered here wins.
    /// </summary>
    public int Order => 3000;
}
