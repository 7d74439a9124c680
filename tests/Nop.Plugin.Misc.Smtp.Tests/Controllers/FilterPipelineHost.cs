using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Reflection;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewEngines;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Moq;
using Nop.Core.Domain.Messages;
using Nop.Plugin.Misc.Smtp.Benchmark.Fakes;
using Nop.Plugin.Misc.Smtp.Controllers;
using Nop.Plugin.Misc.Smtp.Domain;
using Nop.Plugin.Misc.Smtp.Factories;
using Nop.Plugin.Misc.Smtp.Services;
using Nop.Plugin.Misc.Smtp.Tests.Services;
using Nop.Services.Helpers;
using Nop.Services.Localization;
using Nop.Services.Messages;
using Nop.Services.Security;
using Nop.Web.Framework;
using Nop.Web.Framework.Mvc.Filters;

namespace Nop.Plugin.Misc.Smtp.Tests.Controllers;

/// <summary>
/// Who sends a request through the pipeline.
/// </summary>
public enum PipelineUser
{
    Anonymous,
    RegisteredCustomer,
    RegisteredCustomerWithPluginPermissions,
    AdminWithoutPluginPermissions,
    AdminWithPluginPermission,
    AdminWithManagePlugins
}

/// <summary>
/// How a POST carries the antiforgery token.
/// </summary>
public enum AntiforgeryToken
{
    None,
    Valid,
    IssuedToAnotherAdmin
}

/// <summary>
/// The plugin's two controllers in ASP.NET Core's real MVC pipeline (TestServer), routed like nopCommerce's admin
/// area, with authentication from a test header and nopCommerce's two admin filters rebuilt from the plugin's own
/// attributes. One host per test class; <see cref="Reset"/> gives every test fresh services and log.
/// </summary>
public sealed class FilterPipelineHost : IAsyncLifetime
{
    public const string AdminRole = "admin";
    public const string RegisteredRole = "registered";
    public const string PermissionClaim = "permission";
    public const string UserHeader = "X-Test-User";
    public const string AdminRoute = "Admin/{controller}/{action}/{id?}";
    public const string FacadeStubHeader = "X-Test-Facade-Stub";

    private const string TokenPath = "/__test/antiforgery";

    private IHost _host;
    private HttpClient _client;

    internal PipelineState State { get; private set; } = new();

    public IServiceProvider Services => _host.Services;

    /// <summary>
    /// A form that would change something in every POST action that let it through.
    /// </summary>
    public static IReadOnlyDictionary<string, string> StateChangingForm { get; } = new Dictionary<string, string>
    {
        ["id"] = PipelineState.SeededEntryId.ToString(),
        ["selectedIds"] = PipelineState.SeededEntryId.ToString(),
        ["emailAccountId"] = "1",
        ["Enabled"] = "true",
        ["Host"] = "smtp.changed.example",
        ["Port"] = "2525",
        ["Username"] = "changed@example.com"
    };

    internal static IReadOnlyList<string> RolesOf(PipelineUser user) => user switch
    {
        PipelineUser.Anonymous => [],
        PipelineUser.RegisteredCustomer or PipelineUser.RegisteredCustomerWithPluginPermissions => [RegisteredRole],
        _ => [RegisteredRole, AdminRole]
    };

    internal static IReadOnlyList<string> PermissionsOf(PipelineUser user) => user switch
    {
        PipelineUser.RegisteredCustomerWithPluginPermissions => [SmtpDefaults.ManagePermission, StandardPermission.Configuration.MANAGE_PLUGINS],
        // Other admin permissions, so that "denied" cannot come from an admin holding none at all.
        PipelineUser.AdminWithoutPluginPermissions => ["Security.AccessAdminPanel", "Configuration.ManageSettings", "Configuration.ManageEmailAccounts"],
        PipelineUser.AdminWithPluginPermission => ["Security.AccessAdminPanel", SmtpDefaults.ManagePermission],
        PipelineUser.AdminWithManagePlugins => ["Security.AccessAdminPanel", StandardPermission.Configuration.MANAGE_PLUGINS],
        _ => []
    };

    internal PipelineState Reset()
    {
        State = new PipelineState();
        return State;
    }

    public async Task InitializeAsync()
    {
        _host = await new HostBuilder()
            .ConfigureWebHost(web => web
                .UseTestServer()
                .ConfigureServices(ConfigureServices)
                .Configure(ConfigureApp))
            .StartAsync();
        _client = _host.GetTestClient();
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_host != null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }
    }

    private void ConfigureServices(IServiceCollection services)
    {
        services.AddAuthentication(TestUserHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, TestUserHandler>(TestUserHandler.SchemeName, null);

        services.AddControllersWithViews(options =>
            {
                options.Conventions.Add(new NopAdminFilterConvention());
                options.Filters.Add(new ActionRecorder(this));
                options.Filters.Add(new FacadeStubExceptionFilter());
            })
            .ConfigureApplicationPartManager(manager =>
            {
                // Only the plugin's controllers, as nopCommerce loads them from the plugin's assembly.
                manager.ApplicationParts.Clear();
                manager.ApplicationParts.Add(new AssemblyPart(typeof(SmtpController).Assembly));
            })
            .AddControllersAsServices();

        // Registered after AddControllersAsServices, so these win: each request gets the current test's services.
        services.AddTransient(_ => State.CreateSmtpController());
        services.AddTransient(_ => State.CreateSmtpLogController());

        services.Configure<MvcViewOptions>(options =>
        {
            options.ViewEngines.Clear();
            options.ViewEngines.Add(new EmptyViewEngine());
        });
    }

    private static void ConfigureApp(IApplicationBuilder app)
    {
        app.UseRouting();
        app.UseAuthentication();
        app.UseEndpoints(endpoints =>
        {
            endpoints.MapGet(TokenPath, (HttpContext context, IAntiforgery antiforgery) =>
            {
                var tokens = antiforgery.GetAndStoreTokens(context);
                return Results.Json(new IssuedToken(tokens.FormFieldName, tokens.RequestToken));
            });
            endpoints.MapAreaControllerRoute("admin", AreaNames.ADMIN, AdminRoute);
        });
    }

    /// <summary>
    /// Sends <paramref name="method"/> to /Admin/{controller}/{action}/{id} as <paramref name="user"/>; a POST carries
    /// <see cref="StateChangingForm"/> and the token as asked.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(PipelineUser user, string method, string controller, string action,
        AntiforgeryToken token = AntiforgeryToken.Valid)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), $"/Admin/{controller}/{action}/{PipelineState.SeededEntryId}");
        AddUser(request, user);

        if (method == HttpMethods.Post)
        {
            var form = new Dictionary<string, string>(StateChangingForm);
            if (token != AntiforgeryToken.None)
            {
                var issuedTo = token == AntiforgeryToken.Valid
                    ? user
                    : user == PipelineUser.AdminWithManagePlugins ? PipelineUser.AdminWithPluginPermission : PipelineUser.AdminWithManagePlugins;
                var (cookie, field, value) = await IssueTokenAsync(issuedTo);
                request.Headers.Add("Cookie", cookie);
                form[field] = value;
            }

            request.Content = new FormUrlEncodedContent(form);
        }

        return await _client.SendAsync(request);
    }

    private async Task<(string Cookie, string Field, string Value)> IssueTokenAsync(PipelineUser user)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, TokenPath);
        AddUser(request, user);
        using var response = await _client.SendAsync(request);
        response.EnsureSuccessStatusCode();

        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie")).Split(';')[0];
        var issued = await response.Content.ReadFromJsonAsync<IssuedToken>();

        return (cookie, issued.FormFieldName, issued.RequestToken);
    }

    private static void AddUser(HttpRequestMessage request, PipelineUser user)
    {
        if (user != PipelineUser.Anonymous)
            request.Headers.Add(UserHeader, user.ToString());
    }

    private sealed record IssuedToken(string FormFieldName, string RequestToken);
}

/// <summary>
/// Everything one test's requests touch: the real plugin services over mocked nopCommerce services, a send log with
/// one entry, and the action methods that the pipeline let run.
/// </summary>
internal sealed class PipelineState
{
    public const int SeededEntryId = 1;

    public PipelineState()
    {
        LogLocalization.Setup(service => service.GetResourceAsync(It.IsAny<string>())).ReturnsAsync((string key) => key);
        LogRepository.Add(new SmtpLogEntry
        {
            Id = SeededEntryId,
            Status = SendStatus.Failed,
            ToAddress = "customer@example.org",
            Subject = "Your order",
            Body = "Hello"
        });
    }

    public SmtpControllerHarness Harness { get; } = new();

    public InMemoryRepository<SmtpLogEntry> LogRepository { get; } = new();

    public Mock<ILocalizationService> LogLocalization { get; } = new();

    public Mock<INotificationService> LogNotifications { get; } = new();

    public Mock<IQueuedEmailService> QueuedEmails { get; } = new();

    public Mock<IEmailSender> EmailSender { get; } = new();

    public Mock<IEmailAccountService> LogEmailAccounts { get; } = new();

    public Mock<IDateTimeHelper> DateTimeHelper { get; } = new();

    public ConcurrentQueue<MethodInfo> ActionsRun { get; } = new();

    /// <summary>
    /// Every mocked nopCommerce service behind both controllers.
    /// </summary>
    public IEnumerable<Mock> Mocks =>
    [
        Harness.Localization, Harness.Notifications, Harness.SettingService, Harness.WorkContext, Harness.EmailAccounts,
        Harness.ScheduleTasks, Harness.SendLog,
        LogLocalization, LogNotifications, QueuedEmails, EmailSender, LogEmailAccounts, DateTimeHelper
    ];

    public SmtpController CreateSmtpController() => Harness.CreateController();

    public SmtpLogController CreateSmtpLogController()
    {
        var sendLogService = new SendLogService(LogRepository);
        var resender = new SendLogResender(sendLogService, QueuedEmails.Object, EmailSender.Object, LogEmailAccounts.Object,
            new EmailAccountSettings());
        var factory = new SmtpLogModelFactory(DateTimeHelper.Object, LogLocalization.Object, sendLogService);

        return new SmtpLogController(LogLocalization.Object, LogNotifications.Object, resender, sendLogService, factory);
    }
}

/// <summary>
/// Signs the request in as the <see cref="PipelineUser"/> named in a header; no header is an anonymous guest.
/// </summary>
internal sealed class TestUserHandler : AuthenticationHandler<AuthenticationSchemeOptions>
{
    public const string SchemeName = "Test";

    public TestUserHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : base(options, logger, encoder)
    {
    }

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Enum.TryParse<PipelineUser>(Request.Headers[FilterPipelineHost.UserHeader], out var user) || user == PipelineUser.Anonymous)
            return Task.FromResult(AuthenticateResult.NoResult());

        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, user.ToString()) };
        claims.AddRange(FilterPipelineHost.RolesOf(user).Select(role => new Claim(ClaimTypes.Role, role)));
        claims.AddRange(FilterPipelineHost.PermissionsOf(user).Select(name => new Claim(FilterPipelineHost.PermissionClaim, name)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));

        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }
}

/// <summary>
/// The facade's [AuthorizeAdmin] and [CheckPermission] point at typeof(object), because nopCommerce's filter types are
/// private. This swaps each one, wherever the plugin put it, for a filter with nopCommerce's documented behaviour,
/// built from that attribute's own data and keeping its order.
/// </summary>
internal sealed class NopAdminFilterConvention : IApplicationModelConvention
{
    public void Apply(ApplicationModel application)
    {
        foreach (var controller in application.Controllers)
        {
            Replace(controller.Filters);
            foreach (var action in controller.Actions)
                Replace(action.Filters);
        }
    }

    private static void Replace(IList<IFilterMetadata> filters)
    {
        for (var i = 0; i < filters.Count; i++)
        {
            filters[i] = filters[i] switch
            {
                AuthorizeAdminAttribute attribute => new AuthorizeAdminTestFilter(attribute),
                CheckPermissionAttribute attribute => new CheckPermissionTestFilter(attribute),
                var other => other
            };
        }
    }
}

/// <summary>
/// nopCommerce's AuthorizeAdmin: unless ignored (an action's own attribute decides over the controller's), only an
/// authenticated admin passes. nopCommerce challenges; here every refusal is a 403.
/// </summary>
internal sealed class AuthorizeAdminTestFilter : IAuthorizationFilter, IOrderedFilter
{
    public AuthorizeAdminTestFilter(AuthorizeAdminAttribute attribute)
    {
        IgnoreFilter = attribute.IgnoreFilter;
        Order = attribute.Order;
    }

    public bool IgnoreFilter { get; }

    public int Order { get; }

    public void OnAuthorization(AuthorizationFilterContext context)
    {
        var onAction = context.ActionDescriptor.FilterDescriptors
            .Where(descriptor => descriptor.Scope == FilterScope.Action)
            .Select(descriptor => descriptor.Filter)
            .OfType<AuthorizeAdminTestFilter>()
            .FirstOrDefault();
        if ((onAction ?? this).IgnoreFilter)
            return;

        var user = context.HttpContext.User;
        if (user.Identity?.IsAuthenticated != true || !user.IsInRole(FilterPipelineHost.AdminRole))
            context.Result = new StatusCodeResult(StatusCodes.Status403Forbidden);
    }
}

/// <summary>
/// nopCommerce's CheckPermission: the user must hold any one of the attribute's permission system names; several
/// attributes on one action must all pass. nopCommerce redirects to "access denied"; here it is a 403.
/// </summary>
internal sealed class CheckPermissionTestFilter : IAuthorizationFilter, IOrderedFilter
{
    public CheckPermissionTestFilter(CheckPermissionAttribute attribute)
    {
        PermissionSystemNames = attribute.PermissionSystemName.ToList();
        Order = attribute.Order;
    }

    public IReadOnlyList<string> PermissionSystemNames { get; }

    public int Order { get; }

    public void OnAuthorization(AuthorizationFilterContext context)
    {
        var user = context.HttpContext.User;
        if (!PermissionSystemNames.Any(name => user.HasClaim(FilterPipelineHost.PermissionClaim, name)))
            context.Result = new StatusCodeResult(StatusCodes.Status403Forbidden);
    }
}

/// <summary>
/// Notes every action method that the filters let run, just before it runs.
/// </summary>
internal sealed class ActionRecorder : IActionFilter
{
    private readonly FilterPipelineHost _host;

    public ActionRecorder(FilterPipelineHost host)
    {
        _host = host;
    }

    public void OnActionExecuting(ActionExecutingContext context)
    {
        _host.State.ActionsRun.Enqueue(((ControllerActionDescriptor)context.ActionDescriptor).MethodInfo);
    }

    public void OnActionExecuted(ActionExecutedContext context)
    {
    }
}

/// <summary>
/// Some nopCommerce helpers the actions call (grid paging) are bodiless in the reference facade. Such a throw, after
/// the action has started, becomes a 501 naming the stub, so that a test can tell it from any other failure.
/// </summary>
internal sealed class FacadeStubExceptionFilter : IExceptionFilter
{
    private static readonly string[] _facadeAssemblies = ["Nop.Core", "Nop.Data", "Nop.Services", "Nop.Web.Framework"];

    public void OnException(ExceptionContext context)
    {
        if (context.Exception is not NotSupportedException { Message: "Reference facade", TargetSite: { } stub }
            || !_facadeAssemblies.Contains(stub.DeclaringType?.Assembly.GetName().Name))
            return;

        context.HttpContext.Response.Headers[FilterPipelineHost.FacadeStubHeader] = $"{stub.DeclaringType.Name}.{stub.Name}";
        context.Result = new StatusCodeResult(StatusCodes.Status501NotImplemented);
        context.ExceptionHandled = true;
    }
}

/// <summary>
/// The views are compiled by the store, not here: every view is found and renders nothing.
/// </summary>
internal sealed class EmptyViewEngine : IViewEngine
{
    public ViewEngineResult FindView(ActionContext context, string viewName, bool isMainPage)
    {
        return ViewEngineResult.Found(viewName, new EmptyView(viewName));
    }

    public ViewEngineResult GetView(string executingFilePath, string viewPath, bool isMainPage)
    {
        return ViewEngineResult.Found(viewPath, new EmptyView(viewPath));
    }

    private sealed class EmptyView : IView
    {
        public EmptyView(string path)
        {
            Path = path;
        }

        public string Path { get; }

        public Task RenderAsync(ViewContext context) => Task.CompletedTask;
    }
}
