using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Mvc.Routing;
using Microsoft.Extensions.DependencyInjection;
using Nop.Plugin.Misc.Smtp.Controllers;
using Nop.Web.Framework;
using Nop.Web.Framework.Mvc.Filters;

namespace Nop.Plugin.Misc.Smtp.Tests.Controllers;

/// <summary>
/// Runs every action of the plugin's admin controllers through ASP.NET Core's real MVC pipeline: guests, customers and
/// admins without the permission are refused before the action runs, admins with either permission get in, and a POST
/// without a valid antiforgery token changes nothing. The actions come from reflection, so new ones are covered too.
/// </summary>
public sealed class FilterPipelineTests : IClassFixture<FilterPipelineHost>
{
    private static readonly Type[] _controllers = [typeof(SmtpController), typeof(SmtpLogController)];

    private readonly FilterPipelineHost _host;
    private readonly PipelineState _state;

    public FilterPipelineTests(FilterPipelineHost host)
    {
        _host = host;
        _state = host.Reset();
    }

    private sealed record ActionMethod(MethodInfo Method, string Controller, string Action, IReadOnlyList<string> Verbs)
    {
        // No verb attribute means MVC serves the action for any verb.
        public bool Accepts(string verb) => Verbs.Count == 0 || Verbs.Contains(verb);

        public string RequestVerb => Verbs.Count == 0 ? "GET" : Verbs[0];
    }

    private static IReadOnlyList<ActionMethod> ActionMethods { get; } = _controllers
        .SelectMany(controller => controller
            .GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(method => !method.IsSpecialName && method.GetCustomAttribute<NonActionAttribute>() == null)
            .Select(method => new ActionMethod(method,
                controller.Name[..^"Controller".Length],
                method.GetCustomAttribute<ActionNameAttribute>()?.Name ?? TrimAsync(method.Name),
                method.GetCustomAttributes<HttpMethodAttribute>().SelectMany(attribute => attribute.HttpMethods).Distinct().ToList())))
        .ToList();

    // MVC's default SuppressAsyncSuffixInActionNames.
    private static string TrimAsync(string name) => name.EndsWith("Async", StringComparison.Ordinal) ? name[..^"Async".Length] : name;

    /// <summary>
    /// The method MVC picks for this verb: one that names the verb wins over one that accepts any.
    /// </summary>
    private static ActionMethod Serving(string controller, string action, string verb)
    {
        var candidates = ActionMethods.Where(method => method.Controller == controller && method.Action == action && method.Accepts(verb)).ToList();

        return candidates.FirstOrDefault(method => method.Verbs.Contains(verb)) ?? candidates.SingleOrDefault();
    }

    public static TheoryData<string, string, string> EveryAction
    {
        get
        {
            var data = new TheoryData<string, string, string>();
            foreach (var method in ActionMethods)
                data.Add(method.Controller, method.Action, method.RequestVerb);
            return data;
        }
    }

    public static TheoryData<string, string, string> EveryActionNameWithGetAndPost
    {
        get
        {
            var data = new TheoryData<string, string, string>();
            foreach (var (controller, action) in ActionMethods.Select(method => (method.Controller, method.Action)).Distinct())
            {
                data.Add(controller, action, "GET");
                data.Add(controller, action, "POST");
            }
            return data;
        }
    }

    public static TheoryData<string, string> EveryPostAction
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var method in ActionMethods.Where(method => method.Verbs.Contains("POST")))
                data.Add(method.Controller, method.Action);
            return data;
        }
    }

    public static TheoryData<string, string> EveryPostOnlyAction
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var group in ActionMethods.GroupBy(method => (method.Controller, method.Action)))
            {
                if (group.All(method => method.Verbs.Count > 0 && !method.Verbs.Contains("GET")))
                    data.Add(group.Key.Controller, group.Key.Action);
            }
            return data;
        }
    }

    public static TheoryData<PipelineUser, string, string, string> EveryActionForEveryNonAdmin => Combine(
        PipelineUser.RegisteredCustomer, PipelineUser.RegisteredCustomerWithPluginPermissions);

    public static TheoryData<PipelineUser, string, string, string> EveryActionForAnAdminWithoutPermission => Combine(
        PipelineUser.AdminWithoutPluginPermissions);

    public static TheoryData<PipelineUser, string, string, string> EveryActionForEveryPermittedAdmin => Combine(
        PipelineUser.AdminWithPluginPermission, PipelineUser.AdminWithManagePlugins);

    private static TheoryData<PipelineUser, string, string, string> Combine(params PipelineUser[] users)
    {
        var data = new TheoryData<PipelineUser, string, string, string>();
        foreach (var user in users)
        {
            foreach (var method in ActionMethods)
                data.Add(user, method.Controller, method.Action, method.RequestVerb);
        }
        return data;
    }

    private void AssertNothingRanOrChanged()
    {
        Assert.Empty(_state.ActionsRun);
        Assert.All(_state.Mocks, mock => Assert.Empty(mock.Invocations));
        Assert.Equal(PipelineState.SeededEntryId, Assert.Single(_state.LogRepository.Rows).Id);
        Assert.Null(_state.Harness.Settings.Host);
    }

    private void AssertRan(string controller, string action, string verb, HttpResponseMessage response)
    {
        // A bodiless facade helper reached inside the action is fine: the action ran, which is what access means here.
        var reachedFacadeStub = response.StatusCode == HttpStatusCode.NotImplemented && response.Headers.Contains(FilterPipelineHost.FacadeStubHeader);
        Assert.True((int)response.StatusCode is >= 200 and < 400 || reachedFacadeStub,
            $"{verb} {controller}/{action} answered {(int)response.StatusCode}");
        Assert.Equal(Serving(controller, action, verb).Method, Assert.Single(_state.ActionsRun));
    }

    [Fact]
    public void Pipeline_ServesEveryActionMethod_InTheAdminArea_WithNopFiltersRebuiltFromTheAttributes()
    {
        var descriptors = _host.Services.GetRequiredService<IActionDescriptorCollectionProvider>().ActionDescriptors.Items
            .OfType<ControllerActionDescriptor>()
            .ToList();

        Assert.Equal(ActionMethods.Select(method => method.Method).OrderBy(method => method.DeclaringType.Name + method.ToString()),
            descriptors.Select(descriptor => descriptor.MethodInfo).OrderBy(method => method.DeclaringType.Name + method.ToString()));
        Assert.All(descriptors, descriptor =>
        {
            Assert.Equal(AreaNames.ADMIN, descriptor.RouteValues["area"]);
            var filters = descriptor.FilterDescriptors.Select(filter => filter.Filter).ToList();
            Assert.DoesNotContain(filters, filter => filter is AuthorizeAdminAttribute or CheckPermissionAttribute);
            Assert.Equal(descriptor.ControllerTypeInfo.GetCustomAttributes<AuthorizeAdminAttribute>().Count()
                    + descriptor.MethodInfo.GetCustomAttributes<AuthorizeAdminAttribute>().Count(),
                filters.OfType<AuthorizeAdminTestFilter>().Count());
            Assert.Equal(descriptor.MethodInfo.GetCustomAttributes<CheckPermissionAttribute>().Count(),
                filters.OfType<CheckPermissionTestFilter>().Count());
        });
    }

    [Theory]
    [MemberData(nameof(EveryActionNameWithGetAndPost))]
    public async Task Guest_WithAnyVerbAndAValidToken_IsRefusedEveryAction_AndNothingRuns(string controller, string action, string verb)
    {
        using var response = await _host.SendAsync(PipelineUser.Anonymous, verb, controller, action);

        if (Serving(controller, action, verb) == null)
            Assert.Contains(response.StatusCode, new[] { HttpStatusCode.NotFound, HttpStatusCode.MethodNotAllowed });
        else
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        AssertNothingRanOrChanged();
    }

    [Theory]
    [MemberData(nameof(EveryActionForEveryNonAdmin))]
    public async Task RegisteredCustomer_EvenHoldingThePluginPermissions_IsRefusedEveryAction_AndNothingRuns(PipelineUser user,
        string controller, string action, string verb)
    {
        using var response = await _host.SendAsync(user, verb, controller, action);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        AssertNothingRanOrChanged();
    }

    [Theory]
    [MemberData(nameof(EveryActionForAnAdminWithoutPermission))]
    public async Task Admin_WithoutThePluginPermissionOrManagePlugins_IsRefusedEveryAction_AndNothingRuns(PipelineUser user,
        string controller, string action, string verb)
    {
        using var response = await _host.SendAsync(user, verb, controller, action);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        AssertNothingRanOrChanged();
    }

    [Theory]
    [MemberData(nameof(EveryActionForEveryPermittedAdmin))]
    public async Task Admin_WithEitherPermission_AndAValidTokenOnPosts_RunsEveryAction(PipelineUser user,
        string controller, string action, string verb)
    {
        using var response = await _host.SendAsync(user, verb, controller, action);

        AssertRan(controller, action, verb, response);
    }

    [Theory]
    [MemberData(nameof(EveryPostAction))]
    public async Task Post_WithoutAntiforgeryToken_IsRejectedWith400_AndChangesNothing(string controller, string action)
    {
        using var response = await _host.SendAsync(PipelineUser.AdminWithPluginPermission, "POST", controller, action, AntiforgeryToken.None);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        AssertNothingRanOrChanged();
    }

    [Theory]
    [MemberData(nameof(EveryPostAction))]
    public async Task Post_WithAnotherAdminsAntiforgeryToken_IsRejectedWith400_AndChangesNothing(string controller, string action)
    {
        using var response = await _host.SendAsync(PipelineUser.AdminWithPluginPermission, "POST", controller, action,
            AntiforgeryToken.IssuedToAnotherAdmin);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        AssertNothingRanOrChanged();
    }

    [Theory]
    [MemberData(nameof(EveryPostAction))]
    public async Task Post_WithAValidAntiforgeryToken_PassesTheCheck_AndRunsTheAction(string controller, string action)
    {
        using var response = await _host.SendAsync(PipelineUser.AdminWithPluginPermission, "POST", controller, action);

        AssertRan(controller, action, "POST", response);
    }

    [Theory]
    [MemberData(nameof(EveryPostOnlyAction))]
    public async Task Get_ToAPostOnlyAction_IsNotServed_EvenForAPermittedAdmin_AndChangesNothing(string controller, string action)
    {
        using var response = await _host.SendAsync(PipelineUser.AdminWithManagePlugins, "GET", controller, action);

        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.NotFound, HttpStatusCode.MethodNotAllowed });
        AssertNothingRanOrChanged();
    }
}
