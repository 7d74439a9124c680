using Moq;
using Nop.Core;
using Nop.Plugin.Misc.Smtp.Infrastructure;
using Nop.Services.Localization;
using Nop.Services.Plugins;
using Nop.Services.Security;
using Nop.Web.Framework.Menu;

namespace Nop.Plugin.Misc.Smtp.Tests.Infrastructure;

public class AdminMenuEventConsumerTests
{
    /// <summary>
    /// Opens the protected members nopCommerce's base class calls.
    /// </summary>
    private sealed class OpenConsumer : AdminMenuEventConsumer
    {
        public OpenConsumer(IPermissionService permissionService)
            : base(Mock.Of<IPluginManager<IPlugin>>(), Localization(), permissionService, WebHelper())
        {
        }

        private static ILocalizationService Localization()
        {
            var localization = new Mock<ILocalizationService>();
            localization.Setup(service => service.GetResourceAsync(It.IsAny<string>())).ReturnsAsync((string key) => key);
            return localization.Object;
        }

        private static IWebHelper WebHelper()
        {
            var webHelper = new Mock<IWebHelper>();
            webHelper.Setup(helper => helper.GetStoreLocation(It.IsAny<bool?>())).Returns("https://shop.example.com/");
            return webHelper.Object;
        }

        public Task<bool> CanSeeAsync() => CheckAccessAsync();

        public Task<AdminMenuItem> ItemAsync() => GetAdminMenuItemAsync(null);

        public string PluginName => PluginSystemName;
    }

    private static OpenConsumer ConsumerFor(params string[] grantedPermissions)
    {
        var permissions = new Mock<IPermissionService>();
        permissions.Setup(service => service.AuthorizeAsync(It.IsAny<string>()))
            .ReturnsAsync((string name) => grantedPermissions.Contains(name));
        return new OpenConsumer(permissions.Object);
    }

    [Fact]
    public async Task ACustomerWithoutEitherPermission_GetsNoMenuItem()
    {
        var consumer = ConsumerFor();

        Assert.False(await consumer.CanSeeAsync());
        Assert.Null(await consumer.ItemAsync());
    }

    [Theory]
    [InlineData(SmtpDefaults.ManagePermission)]
    [InlineData(StandardPermission.Configuration.MANAGE_PLUGINS)]
    public async Task AnAdminWithEitherPermission_GetsTheLogItem_RequiringOnlyThatPermission(string permission)
    {
        var consumer = ConsumerFor(permission);

        Assert.True(await consumer.CanSeeAsync());
        var item = await consumer.ItemAsync();
        Assert.Equal("https://shop.example.com/Admin/SmtpLog/List", item.Url);
        Assert.Equal("Plugins.Misc.Smtp.Log.MenuTitle", item.Title);
        // nopCommerce hides a menu leaf unless the admin holds all of its permissions.
        Assert.Equal([permission], item.PermissionNames);
        Assert.Equal(SmtpDefaults.SystemName, consumer.PluginName);
    }
}
