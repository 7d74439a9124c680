using Microsoft.AspNetCore.DataProtection;
using Moq;
using Nop.Core;
using Nop.Core.Domain.Messages;
using Nop.Core.Domain.ScheduleTasks;
using Nop.Plugin.Misc.Smtp.Domain;
using Nop.Plugin.Misc.Smtp.Services;
using Nop.Services.Configuration;
using Nop.Services.Localization;
using Nop.Services.Messages;
using Nop.Services.ScheduleTasks;
using Nop.Services.Security;

namespace Nop.Plugin.Misc.Smtp.Tests.Plugin;

/// <summary>
/// Install and uninstall against in-memory stand-ins for nopCommerce's settings and locale resources.
/// </summary>
public class SmtpPluginTests
{
    private readonly Dictionary<string, object> _settings = new();
    private readonly Dictionary<string, string> _resources = new(StringComparer.OrdinalIgnoreCase);
    private readonly Mock<ISettingService> _settingService = new();
    private readonly Mock<ILocalizationService> _localizationService = new();
    private readonly Mock<IEmailAccountService> _emailAccountService = new();
    private readonly Mock<IWebHelper> _webHelper = new();
    private readonly PasswordProtector _protector = new(new EphemeralDataProtectionProvider());
    private readonly List<ScheduleTask> _tasks = new();
    private readonly Mock<IScheduleTaskService> _scheduleTaskService = new();
    private readonly Mock<IPermissionService> _permissionService = new();

    public SmtpPluginTests()
    {
        _settingService.Setup(service => service.SaveSettingAsync(It.IsAny<SmtpSettings>(), It.IsAny<int>()))
            .Callback<SmtpSettings, int>((settings, _) => _settings[nameof(SmtpSettings)] = settings)
            .Returns(Task.CompletedTask);
        _settingService.Setup(service => service.DeleteSettingAsync<SmtpSettings>())
            .Callback(() => _settings.Remove(nameof(SmtpSettings)))
            .Returns(Task.CompletedTask);
        _localizationService.Setup(service => service.AddOrUpdateLocaleResourceAsync(It.IsAny<IDictionary<string, string>>(), It.IsAny<int?>()))
            .Callback<IDictionary<string, string>, int?>((resources, _) =>
            {
                foreach (var (key, value) in resources)
                    _resources[key] = value;
            })
            .Returns(Task.CompletedTask);
        _localizationService.Setup(service => service.DeleteLocaleResourcesAsync(It.IsAny<string>(), It.IsAny<int?>()))
            .Callback<string, int?>((prefix, _) =>
            {
                foreach (var key in _resources.Keys.Where(key => key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).ToList())
                    _resources.Remove(key);
            })
            .Returns(Task.CompletedTask);
        _webHelper.Setup(helper => helper.GetStoreLocation(It.IsAny<bool?>())).Returns("https://shop.example.com/");
        _scheduleTaskService.Setup(service => service.GetTaskByTypeAsync(It.IsAny<string>()))
            .ReturnsAsync((string type) => _tasks.FirstOrDefault(task => task.Type == type));
        _scheduleTaskService.Setup(service => service.InsertTaskAsync(It.IsAny<ScheduleTask>()))
            .Callback<ScheduleTask>(_tasks.Add)
            .Returns(Task.CompletedTask);
        _scheduleTaskService.Setup(service => service.DeleteTaskAsync(It.IsAny<ScheduleTask>()))
            .Callback<ScheduleTask>(task => _tasks.Remove(task))
            .Returns(Task.CompletedTask);
    }

    private SmtpPlugin CreatePlugin(EmailAccount defaultAccount = null)
    {
        _emailAccountService.Setup(service => service.GetEmailAccountByIdAsync(5)).ReturnsAsync(defaultAccount);
        return new SmtpPlugin(new EmailAccountSettings { DefaultEmailAccountId = 5 }, _emailAccountService.Object,
            _localizationService.Object, _settingService.Object, _webHelper.Object, _protector,
            _permissionService.Object, _scheduleTaskService.Object);
    }

    [Fact]
    public async Task Install_AddsEveryResourceThePluginShows()
    {
        await CreatePlugin().InstallAsync();

        Assert.Equal(SmtpResources.English.Count, _resources.Count);
        Assert.All(SmtpResources.English, pair => Assert.Equal(pair.Value, _resources[pair.Key]));
    }

    [Fact]
    public async Task Install_TakesServerAndCredentialsFromTheDefaultEmailAccount_AndStartsDisabled()
    {
        await CreatePlugin(new EmailAccount
        {
            Host = "smtp.example.com", Port = 465, EnableSsl = true, Username = "shop@example.com", Password = "hunter22",
            EmailAuthenticationMethod = EmailAuthenticationMethod.Login
        }).InstallAsync();

        var settings = (SmtpSettings)_settings[nameof(SmtpSettings)];
        Assert.False(settings.Enabled);
        Assert.Equal("smtp.example.com", settings.Host);
        Assert.Equal(465, settings.Port);
        Assert.Equal(SmtpSecurity.SslOnConnect, settings.Security);
        Assert.Equal(SmtpAuthentication.Auto, settings.Authentication);
        Assert.Equal("shop@example.com", settings.Username);
        Assert.NotEqual("hunter22", settings.ProtectedPassword);
        Assert.True(_protector.TryUnprotect(settings.ProtectedPassword, out var password));
        Assert.Equal("hunter22", password);
    }

    [Fact]
    public async Task Install_AccountWithoutSsl_MapsToStartTlsWhenAvailable()
    {
        await CreatePlugin(new EmailAccount { Host = "relay.example.com", Port = 25, EnableSsl = false }).InstallAsync();

        var settings = (SmtpSettings)_settings[nameof(SmtpSettings)];
        Assert.Equal(SmtpSecurity.StartTlsWhenAvailable, settings.Security);
        Assert.Equal(SmtpAuthentication.None, settings.Authentication);
    }

    [Fact]
    public async Task Install_WithoutADefaultAccount_SavesSafeDefaults()
    {
        await CreatePlugin().InstallAsync();

        var settings = (SmtpSettings)_settings[nameof(SmtpSettings)];
        Assert.False(settings.Enabled);
        Assert.Equal(SmtpSecurity.StartTlsRequired, settings.Security);
        Assert.Equal(CertificateCheck.Strict, settings.CertificateCheck);
        Assert.Equal(587, settings.Port);
    }

    [Fact]
    public async Task Uninstall_LeavesNoSettingsOrResourcesBehind()
    {
        var plugin = CreatePlugin(new EmailAccount { Host = "smtp.example.com", Port = 587 });
        await plugin.InstallAsync();

        await plugin.UninstallAsync();

        Assert.Empty(_settings);
        Assert.Empty(_resources);
    }

    [Fact]
    public void ConfigurationPage_IsTheAdminConfigureAction()
    {
        Assert.Equal("https://shop.example.com/Admin/Smtp/Configure", CreatePlugin().GetConfigurationPageUrl());
    }

    [Fact]
    public async Task Install_AddsTheDailyLogRetentionTask_UnderTheTaskTypeNopCommerceLoads()
    {
        await CreatePlugin().InstallAsync();

        var task = Assert.Single(_tasks);
        // nopCommerce resolves the task by this "type, assembly" string; it must name the real class.
        Assert.Equal($"{typeof(LogRetentionTask).FullName}, {typeof(LogRetentionTask).Assembly.GetName().Name}", task.Type);
        Assert.Equal(24 * 60 * 60, task.Seconds);
        Assert.True(task.Enabled);
    }

    [Fact]
    public async Task Install_WhenTheTaskExists_KeepsItAndAddsNoSecond()
    {
        var existing = new ScheduleTask { Type = SmtpDefaults.LogRetentionTaskType, Seconds = 3600, Enabled = false };
        _tasks.Add(existing);

        await CreatePlugin().InstallAsync();

        Assert.Same(existing, Assert.Single(_tasks));
        Assert.Equal(3600, existing.Seconds);
    }

    [Fact]
    public async Task Install_InsertsThePluginPermission_AndUninstallDeletesIt()
    {
        var plugin = CreatePlugin();

        await plugin.InstallAsync();
        _permissionService.Verify(service => service.InsertPermissionsAsync(), Times.Once);
        Assert.Equal("Manage SMTP plugin", _resources[$"Security.Permission.{SmtpDefaults.ManagePermission}"]);

        await plugin.UninstallAsync();
        _permissionService.Verify(service => service.DeletePermissionAsync(SmtpDefaults.ManagePermission), Times.Once);
        Assert.Empty(_tasks);
    }
}
