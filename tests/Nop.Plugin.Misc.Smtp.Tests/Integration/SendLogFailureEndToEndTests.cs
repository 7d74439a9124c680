using Microsoft.AspNetCore.DataProtection;
using Moq;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Messages;
using Nop.Core.Infrastructure;
using Nop.Data;
using Nop.Plugin.Misc.Smtp.Domain;
using Nop.Plugin.Misc.Smtp.Services;
using Nop.Plugin.Misc.Smtp.Tests.Infrastructure;
using Nop.Services.Logging;
using Nop.Services.Media;
using Nop.Services.Messages;

namespace Nop.Plugin.Misc.Smtp.Tests.Integration;

/// <summary>
/// A real send through the store's IEmailSender while the send log's table cannot be written.
/// </summary>
public sealed class SendLogFailureEndToEndTests : IAsyncDisposable
{
    private readonly SmtpConnectionPool _pool = new();

    public async ValueTask DisposeAsync()
    {
        await _pool.DisposeAsync();
    }

    [Fact]
    public async Task Send_WhenTheLogTableThrows_IsStillDelivered_AndTheProblemGoesToNopCommercesLog()
    {
        await using var server = await RealSmtpServer.StartAsync();
        var repository = new Mock<IRepository<SmtpLogEntry>>();
        repository.Setup(repo => repo.InsertAsync(It.IsAny<SmtpLogEntry>(), It.IsAny<bool>()))
            .ThrowsAsync(new InvalidOperationException("SmtpLogEntry table is missing"));
        var logger = new Mock<ILogger>();
        var protector = new PasswordProtector(new EphemeralDataProtectionProvider());
        var settings = new SmtpSettings
        {
            Enabled = true, Host = "127.0.0.1", Port = server.Port, Security = SmtpSecurity.None, Authentication = SmtpAuthentication.None
        };
        settings.ProtectedPassword = protector.Protect(null);
        var sendService = new SmtpSendService(_pool,
            new EmailMessageBuilder(Mock.Of<IDownloadService>(), Mock.Of<INopFileProvider>()),
            new SendLogWriter(repository.Object, logger.Object), protector);
        var nopSender = new Mock<IEmailSender>(MockBehavior.Strict);
        var sender = new SmtpEmailSender(settings, sendService, new NopEmailSender(nopSender.Object), logger.Object,
            new SettingsProblemReporter());

        var exception = await Record.ExceptionAsync(() => sender.SendEmailAsync(new EmailAccount { Email = "shop@example.com" },
            "Your order", "<p>Thanks</p>", "shop@example.com", "Shop", "jane@example.org", "Jane"));

        Assert.Null(exception);
        var message = await server.WaitForMessagesAsync(1, TimeSpan.FromSeconds(10));
        Assert.Equal("Your order", message.Parsed.Subject);
        logger.Verify(log => log.ErrorAsync(It.Is<string>(text => text.Contains("SmtpLogEntry table is missing")),
            It.IsAny<Exception>(), It.IsAny<Customer>()), Times.Once);
    }
}
