using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Routing;
using Moq;
using Nop.Core.Domain.Messages;
using Nop.Plugin.Misc.Smtp.Benchmark.Fakes;
using Nop.Plugin.Misc.Smtp.Controllers;
using Nop.Plugin.Misc.Smtp.Domain;
using Nop.Plugin.Misc.Smtp.Factories;
using Nop.Plugin.Misc.Smtp.Services;
using Nop.Plugin.Misc.Smtp.Tests.Packaging;
using Nop.Plugin.Misc.Smtp.Tests.Services;
using Nop.Services.Helpers;
using Nop.Services.Localization;
using Nop.Services.Messages;
using Nop.Services.Security;
using Nop.Web.Framework;
using Nop.Web.Framework.Mvc.Filters;

namespace Nop.Plugin.Misc.Smtp.Tests.Controllers;

/// <summary>
/// The send log pages expose customers' addresses and password-reset links: every endpoint must be admin-only,
/// permission-checked and CSRF-protected, and the views must never emit log text as markup.
/// </summary>
public class SmtpLogControllerTests
{
    // Read-only pages; everything else changes state or returns log data to scripts and must be POST.
    private static readonly string[] _getActions = [nameof(SmtpLogController.List), nameof(SmtpLogController.Details)];

    private static IEnumerable<MethodInfo> Actions => typeof(SmtpLogController)
        .GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
        .Where(method => !method.IsSpecialName && method.GetCustomAttribute<NonActionAttribute>() == null);

    public static TheoryData<string> ActionNames => new(Actions.Select(action => action.Name));

    private static string ReadView(string name) => File.ReadAllText(RepositoryPaths.File("Views", "Log", name));

    private readonly InMemoryRepository<SmtpLogEntry> _repository = new();
    private readonly Mock<INotificationService> _notificationService = new();

    private SmtpLogController CreateController()
    {
        var localization = new Mock<ILocalizationService>();
        localization.Setup(service => service.GetResourceAsync(It.IsAny<string>())).ReturnsAsync((string key) => key);
        var sendLogService = new SendLogService(_repository);
        var resender = new SendLogResender(sendLogService, Mock.Of<IQueuedEmailService>(), Mock.Of<IEmailSender>(),
            Mock.Of<IEmailAccountService>(), new EmailAccountSettings());
        var factory = new SmtpLogModelFactory(Mock.Of<IDateTimeHelper>(), localization.Object, sendLogService);

        return new SmtpLogController(localization.Object, _notificationService.Object, resender, sendLogService, factory)
        {
            ControllerContext = new ControllerContext { HttpContext = new DefaultHttpContext() }
        };
    }

    [Fact]
    public void Controller_IsAdminAreaOnly_WithAntiforgeryOnEveryPost()
    {
        var type = typeof(SmtpLogController);

        Assert.Equal(AreaNames.ADMIN, type.GetCustomAttribute<AreaAttribute>()?.RouteValue);
        Assert.False(Assert.Single(type.GetCustomAttributes<AuthorizeAdminAttribute>()).IgnoreFilter);
        Assert.NotNull(type.GetCustomAttribute<AutoValidateAntiforgeryTokenAttribute>());
        Assert.Null(type.GetCustomAttribute<IgnoreAntiforgeryTokenAttribute>());
    }

    [Fact]
    public void Controller_HasTheExpectedActions()
    {
        Assert.Equal(["ClearAll", "Delete", "DeleteSelected", "Details", "ExportCsv", "List", "LogList", "Resend"],
            Actions.Select(action => action.Name).Order());
    }

    [Theory]
    [MemberData(nameof(ActionNames))]
    public void EveryAction_NeedsThePluginPermissionOrManagePlugins(string actionName)
    {
        var action = Actions.Single(method => method.Name == actionName);

        var check = Assert.Single(action.GetCustomAttributes<CheckPermissionAttribute>());
        Assert.Equal(new[] { SmtpDefaults.ManagePermission, StandardPermission.Configuration.MANAGE_PLUGINS }.Order(),
            check.PermissionSystemName.Order());
        Assert.Null(action.GetCustomAttribute<IgnoreAntiforgeryTokenAttribute>());
    }

    [Theory]
    [MemberData(nameof(ActionNames))]
    public void EveryActionButTheReadOnlyPages_IsPostOnly(string actionName)
    {
        var action = Actions.Single(method => method.Name == actionName);
        var methods = action.GetCustomAttributes<HttpMethodAttribute>().SelectMany(attribute => attribute.HttpMethods).ToList();

        if (_getActions.Contains(actionName))
            Assert.DoesNotContain("POST", methods);
        else
            Assert.Equal(["POST"], methods);
    }

    [Fact]
    public void ThePermission_IsGrantedToAdministrators_UnderThePluginsSystemName()
    {
        var config = Assert.Single(new SmtpPermissionConfigManager().AllConfigs);

        Assert.Equal("Plugins.Misc.Smtp.Manage", config.SystemName);
        Assert.Equal(SmtpDefaults.ManagePermission, config.SystemName);
        Assert.Equal("Manage SMTP plugin", config.Name);
        Assert.Equal(["Administrators"], config.DefaultCustomerRoles);
    }

    [Theory]
    [InlineData("List.cshtml")]
    [InlineData("Details.cshtml")]
    public void Views_NeverWriteRawMarkup(string view)
    {
        var text = ReadView(view);

        Assert.DoesNotContain("Html.Raw", text);
        Assert.DoesNotContain("HtmlString", text);
    }

    [Fact]
    public void ListView_EncodesEveryTextColumn()
    {
        var text = ReadView("List.cshtml");

        Assert.DoesNotContain("Encode = false", text);
        Assert.DoesNotContain("RenderCustom", text);
        foreach (var column in new[] { "Status", "To", "Subject", "From", "ServerReply" })
            Assert.Matches(new Regex($@"new\(nameof\(SmtpLogModel\.{column}\)\)\s*\{{[^}}]*Encode = true", RegexOptions.Singleline), text);
    }

    [Fact]
    public void DetailsView_ShowsHtmlBodiesOnlyInAScriptlessSandbox()
    {
        var text = ReadView("Details.cshtml");

        var iframe = Assert.Single(Regex.Matches(text, "<iframe[^>]*>")).Value;
        Assert.Contains("sandbox=\"\"", iframe);
        Assert.Contains("srcdoc=\"@(", iframe);
    }

    [Fact]
    public async Task DeleteSelected_WithNothingSelected_ChangesNothing()
    {
        _repository.Add(new SmtpLogEntry());

        var result = await CreateController().DeleteSelected([]);

        Assert.IsType<NoContentResult>(result);
        Assert.Single(_repository.Rows);
    }

    [Fact]
    public async Task ClearAll_EmptiesTheLog_AndReturnsToTheListWithANotification()
    {
        _repository.Add(new SmtpLogEntry { Status = SendStatus.Sent });
        _repository.Add(new SmtpLogEntry { Status = SendStatus.Failed });

        var result = await CreateController().ClearAll();

        Assert.Equal(nameof(SmtpLogController.List), Assert.IsType<RedirectToActionResult>(result).ActionName);
        Assert.Empty(_repository.Rows);
        _notificationService.Verify(service => service.SuccessNotification("Plugins.Misc.Smtp.Log.Cleared", true, 0), Times.Once);
    }

    [Fact]
    public async Task Resend_WhenNothingCanBeSent_WarnsAndReturnsToTheEntry()
    {
        _repository.Add(new SmtpLogEntry { Id = 8, Status = SendStatus.Failed });

        var result = await CreateController().Resend(8);

        var redirect = Assert.IsType<RedirectToActionResult>(result);
        Assert.Equal(nameof(SmtpLogController.Details), redirect.ActionName);
        Assert.Equal(8, redirect.RouteValues["id"]);
        _notificationService.Verify(service => service.WarningNotification("Plugins.Misc.Smtp.Log.Resend.BodyNotStored", true, 0), Times.Once);
    }
}
