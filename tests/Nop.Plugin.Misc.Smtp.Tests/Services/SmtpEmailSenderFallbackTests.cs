using Microsoft.AspNetCore.DataProtection;
using Moq;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Messages;
using Nop.Core.Infrastructure;
using Nop.Plugin.Misc.Smtp.Domain;
using Nop.Plugin.Misc.Smtp.Services;
using Nop.Services.Logging;
using Nop.Services.Media;
using Nop.Services.Messages;

namespace Nop.Plugin.Misc.Smtp.Tests.Services;

/// <summary>
/// While the plugin is disabled, unconfigured or misconfigured, nopCommerce's own sender gets every call, unchanged.
/// </summary>
public class SmtpEmailSenderFallbackTests : IAsyncDisposable
{
    private readonly Mock<IEmailSender> _nopSender = new();
    private readonly Mock<ILogger> _logger = new();
    private readonly SmtpConnectionPool _pool = new();
    private readonly PasswordProtector _protector = new(new EphemeralDataProtectionProvider());

    private SmtpEmailSender CreateSender(SmtpSettings settings)
    {
        var sendService = new SmtpSendService(_pool,
            new EmailMessageBuilder(Mock.Of<IDownloadService>(), Mock.Of<INopFileProvider>()),
            Mock.Of<ISendLog>(), _protector);

        return new SmtpEmailSender(settings, sendService, new NopEmailSender(_nopSender.Object), _logger.Object, new SettingsProblemReporter());
    }

    private static Task SendAsync(SmtpEmailSender sender, EmailAccount account)
    {
        return sender.SendEmailAsync(account, "Subject", "<p>Body</p>", "shop@example.com", "Shop", "to@example.org", "To",
            "reply@example.com", "Reply", ["bcc@example.org"], ["cc@example.org"], "/tmp/a.pdf", "a.pdf", 3,
            new Dictionary<string, string> { ["X-A"] = "1" });
    }

    private void VerifyNopSenderGotTheSameCall(EmailAccount account)
    {
        _nopSender.Verify(sender => sender.SendEmailAsync(account, "Subject", "<p>Body</p>", "shop@example.com", "Shop",
            "to@example.org", "To", "reply@example.com", "Reply",
            It.Is<IEnumerable<string>>(bcc => bcc.Single() == "bcc@example.org"),
            It.Is<IEnumerable<string>>(cc => cc.Single() == "cc@example.org"),
            "/tmp/a.pdf", "a.pdf", 3, It.Is<IDictionary<string, string>>(headers => headers["X-A"] == "1")), Times.Once);
    }

    [Fact]
    public async Task Disabled_HandsTheCallToNopCommercesSender()
    {
        var account = new EmailAccount { Email = "shop@example.com" };

        await SendAsync(CreateSender(new SmtpSettings { Enabled = false, Host = "smtp.example.com" }), account);

        VerifyNopSenderGotTheSameCall(account);
        Assert.Equal(0, _pool.ConnectionsOpened);
    }

    [Fact]
    public async Task EnabledWithoutAHost_HandsTheCallToNopCommercesSender()
    {
        var account = new EmailAccount { Email = "shop@example.com" };

        await SendAsync(CreateSender(new SmtpSettings { Enabled = true, Host = " " }), account);

        VerifyNopSenderGotTheSameCall(account);
    }

    [Fact]
    public async Task UnusableStoredSettings_FallBackToNopCommerce_AndAreLoggedOnce()
    {
        var account = new EmailAccount { Email = "shop@example.com" };
        var sender = CreateSender(new SmtpSettings { Enabled = true, Host = "smtp.example.com", Port = 0, Username = "u" });

        await SendAsync(sender, account);
        await SendAsync(sender, account);

        _nopSender.Verify(nop => nop.SendEmailAsync(account, It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(),
            It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(),
            It.IsAny<IEnumerable<string>>(), It.IsAny<IEnumerable<string>>(), It.IsAny<string>(), It.IsAny<string>(),
            It.IsAny<int>(), It.IsAny<IDictionary<string, string>>()), Times.Exactly(2));
        _logger.Verify(logger => logger.ErrorAsync(It.Is<string>(message => message.Contains("port 0")), null, null), Times.Once);
    }

    [Fact]
    public async Task PasswordThatCannotBeDecrypted_FallsBackToNopCommerce_AndAsksForItAgain()
    {
        var account = new EmailAccount { Email = "shop@example.com" };
        var foreign = new PasswordProtector(new EphemeralDataProtectionProvider()).Protect("hunter22");
        var sender = CreateSender(new SmtpSettings
        {
            Enabled = true, Host = "smtp.example.com", Username = "u", Authentication = SmtpAuthentication.Auto, ProtectedPassword = foreign
        });

        await SendAsync(sender, account);

        VerifyNopSenderGotTheSameCall(account);
        _logger.Verify(logger => logger.ErrorAsync(It.Is<string>(message => message.Contains("Enter the password again")),
            It.IsAny<Exception>(), It.IsAny<Customer>()), Times.Once);
    }

    public async ValueTask DisposeAsync()
    {
        await _pool.DisposeAsync();
    }
}
