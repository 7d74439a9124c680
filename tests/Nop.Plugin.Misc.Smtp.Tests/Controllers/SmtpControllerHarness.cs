using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Moq;
using Nop.Core;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Messages;
using Nop.Core.Domain.ScheduleTasks;
using Nop.Core.Infrastructure;
using Nop.Plugin.Misc.Smtp.Controllers;
using Nop.Plugin.Misc.Smtp.Domain;
using Nop.Plugin.Misc.Smtp.Factories;
using Nop.Plugin.Misc.Smtp.Models;
using Nop.Plugin.Misc.Smtp.Services;
using Nop.Plugin.Misc.Smtp.Validators;
using Nop.Services.Configuration;
using Nop.Services.Localization;
using Nop.Services.Media;
using Nop.Services.Messages;
using Nop.Services.ScheduleTasks;

namespace Nop.Plugin.Misc.Smtp.Tests.Controllers;

/// <summary>
/// A settable clock for the rate limiter.
/// </summary>
internal sealed class ManualClock : TimeProvider
{
    public DateTimeOffset Now { get; set; } = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>
/// The controller with real plugin services and mocked nopCommerce services. Resources resolve to their keys, so
/// that tests can assert which text was chosen.
/// </summary>
internal sealed class SmtpControllerHarness
{
    public const int AdminId = 42;
    public const string AdminEmail = "admin@example.com";

    public SmtpControllerHarness()
    {
        Localization.Setup(service => service.GetResourceAsync(It.IsAny<string>())).ReturnsAsync((string key) => key);
        WorkContext.Setup(context => context.GetCurrentCustomerAsync()).ReturnsAsync(new Customer { Id = AdminId, Email = AdminEmail });
        ScheduleTasks.Setup(service => service.GetTaskByTypeAsync(SmtpDefaults.SendEmailsTaskType))
            .ReturnsAsync(new ScheduleTask { Type = SmtpDefaults.SendEmailsTaskType, Enabled = true });
        EmailAccounts.Setup(service => service.GetAllEmailAccountsAsync()).ReturnsAsync(new List<EmailAccount>());
        SendLog.Setup(log => log.RecordAsync(It.IsAny<SmtpLogEntry>(), It.IsAny<CancellationToken>()))
            .Callback((SmtpLogEntry entry, CancellationToken _) => LogEntries.Add(entry))
            .Returns(Task.CompletedTask);
    }

    public Mock<ILocalizationService> Localization { get; } = new();

    public Mock<INotificationService> Notifications { get; } = new();

    public Mock<ISettingService> SettingService { get; } = new();

    public Mock<IWorkContext> WorkContext { get; } = new();

    public Mock<IEmailAccountService> EmailAccounts { get; } = new();

    public Mock<IScheduleTaskService> ScheduleTasks { get; } = new();

    public Mock<ISendLog> SendLog { get; } = new();

    public List<SmtpLogEntry> LogEntries { get; } = [];

    public PasswordProtector Protector { get; } = new(new EphemeralDataProtectionProvider());

    public ManualClock Clock { get; } = new();

    public EmailAccountSettings EmailAccountSettings { get; } = new() { DefaultEmailAccountId = 1 };

    public SmtpSettings Settings { get; } = new();

    public TestSendRateLimiter RateLimiter => _rateLimiter ??= new TestSendRateLimiter(Clock);

    private TestSendRateLimiter _rateLimiter;

    public SmtpController CreateController()
    {
        var builder = new EmailMessageBuilder(Mock.Of<IDownloadService>(), Mock.Of<INopFileProvider>());
        var sendService = new SmtpSendService(new SmtpConnectionPool(), builder, SendLog.Object, Protector);
        var modelFactory = new ConfigurationModelFactory(EmailAccountSettings, EmailAccounts.Object, Localization.Object,
            ScheduleTasks.Object, WorkContext.Object, sendService, Protector);

        return new SmtpController(modelFactory,
            new TestSendResultModelFactory(Localization.Object),
            new SmtpTestSendService(builder, SendLog.Object, Protector),
            RateLimiter,
            new TestSendModelValidator(Localization.Object),
            EmailAccounts.Object,
            Localization.Object,
            Notifications.Object,
            SettingService.Object,
            WorkContext.Object,
            Settings);
    }

    /// <summary>
    /// Runs the form's validator into the controller's ModelState, as nopCommerce's model binding does (with
    /// FluentValidation's defaults, child models such as TestSend are not validated by it).
    /// </summary>
    public void Validate(SmtpController controller, ConfigurationModel model)
    {
        foreach (var error in new ConfigurationModelValidator(Localization.Object).Validate(model).Errors)
            controller.ModelState.AddModelError(error.PropertyName, error.ErrorMessage);
    }

    /// <summary>
    /// A valid form for a server on 127.0.0.1.
    /// </summary>
    public static ConfigurationModel Form(int port, string username = "shop@example.com", string password = null,
        SmtpSecurity security = SmtpSecurity.None)
    {
        return new ConfigurationModel
        {
            Enabled = true,
            ProviderPreset = SmtpProviderPresets.CustomKey,
            Host = "127.0.0.1",
            Port = port,
            Security = security,
            Authentication = SmtpAuthentication.Auto,
            Username = username,
            Password = password,
            TimeoutSeconds = 10,
            MaxConnections = 2,
            MaxParallelSends = 2,
            IdleTimeoutSeconds = 30,
            CertificateCheck = CertificateCheck.Strict,
            DeveloperMode = DeveloperMode.Off,
            LogRetentionDays = 30,
            TestSend = new TestSendModel { Recipient = "customer@example.org", Subject = "Test", Body = "Hello" }
        };
    }

    public static TestSendResultModel ResultOf(IActionResult result)
    {
        return Assert.IsType<TestSendResultModel>(Assert.IsType<JsonResult>(result).Value);
    }
}
