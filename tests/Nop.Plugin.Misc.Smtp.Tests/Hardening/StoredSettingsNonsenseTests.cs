using Moq;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Messages;
using Nop.Plugin.Misc.Smtp.Domain;
using Xunit;
using Nop.Plugin.Misc.Smtp.Tests.Infrastructure;

namespace Nop.Plugin.Misc.Smtp.Tests.Hardening;

/// <summary>
/// Settings edited by hand into nonsense: one clear problem text, one nopCommerce log entry per distinct problem, no
/// crash, and the store keeps sending through nopCommerce's own sender until they are fixed.
/// </summary>
public sealed class StoredSettingsNonsenseTests
{
    public static TheoryData<string, Action<SmtpSettings>, string> Nonsense => new()
    {
        { "port 0", settings => settings.Port = 0, "port 0 is not between 1 and 65535" },
        { "port 70000", settings => settings.Port = 70000, "port 70000 is not between 1 and 65535" },
        { "security 99", settings => settings.Security = (SmtpSecurity)99, "security setting (99) is not one the plugin knows" },
        { "authentication 7", settings => settings.Authentication = (SmtpAuthentication)7, "authentication setting (7) is not one the plugin knows" },
        { "certificate check 5", settings => settings.CertificateCheck = (CertificateCheck)5, "certificate check setting (5) is not one the plugin knows" },
        { "timeout -1", settings => settings.TimeoutSeconds = -1, "timeout -1 s is not between" },
        { "host with scheme", settings => settings.Host = "smtp://mail.example.com", "is not a host name or IP address" },
        { "host with line break", settings => settings.Host = "mail.example.com\r\nRCPT TO:<x@evil.example>", "is not a host name or IP address" },
        { "corrupt password", settings => settings.ProtectedPassword = "CfDJ8-this-is-not-a-protected-value", "can no longer be decrypted" },
        { "pinned without thumbprint", settings => { settings.CertificateCheck = CertificateCheck.Pinned; settings.PinnedThumbprint = "zz"; }, "thumbprint is not 64 hex characters" },
        { "redirect without address", settings => { settings.DeveloperMode = DeveloperMode.Redirect; settings.RedirectToAddress = "nobody"; }, "redirect address is not a valid email address" },
        { "developer mode 3", settings => settings.DeveloperMode = (DeveloperMode)3, "developer mode setting (3) is not one the plugin knows" }
    };

    private static SenderHarness CreateHarness(Action<SmtpSettings> corrupt)
    {
        var harness = new SenderHarness();
        harness.Settings.Host = "mail.example.com";
        harness.Settings.Authentication = SmtpAuthentication.Login;
        harness.Settings.Username = SenderHarness.Username;
        harness.Settings.ProtectedPassword = harness.Protector.Protect(SenderHarness.Password);
        corrupt(harness.Settings);
        return harness;
    }

    [Theory]
    [MemberData(nameof(Nonsense))]
    public async Task TryCreateEndpoint_WithHandEditedNonsense_GivesOneClearProblem(string _, Action<SmtpSettings> corrupt, string expected)
    {
        await using var harness = CreateHarness(corrupt);

        var usable = harness.SendService.TryCreateEndpoint(harness.Settings, null, out var endpoint, out var problem);

        Assert.False(usable);
        Assert.Null(endpoint);
        Assert.Contains(expected, problem);
        SecretAssert.DoesNotContainSecret(problem, SenderHarness.Username, SenderHarness.Password);
    }

    [Theory]
    [MemberData(nameof(Nonsense))]
    public async Task SendEmail_WithHandEditedNonsense_FallsBackToNopCommerceAndLogsTheProblemOnce(string _, Action<SmtpSettings> corrupt, string expected)
    {
        await using var harness = CreateHarness(corrupt);

        for (var i = 0; i < 3; i++)
            await harness.SendAsync(subject: $"Order {i}");

        harness.Fallback.Verify(sender => sender.SendEmailAsync(It.IsAny<EmailAccount>(), It.IsAny<string>(), It.IsAny<string>(),
            It.IsAny<string>(), It.IsAny<string>(), "customer@example.com", It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(),
            It.IsAny<IEnumerable<string>>(), It.IsAny<IEnumerable<string>>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<int>(),
            It.IsAny<IDictionary<string, string>>()), Times.Exactly(3));
        harness.Logger.Verify(logger => logger.ErrorAsync(It.Is<string>(message => message.Contains(expected)), It.IsAny<Exception>(), It.IsAny<Customer>()), Times.Once);
        Assert.Empty(harness.Log.Entries);
        Assert.Equal(0, harness.Pool.ConnectionsOpened);
        SecretAssert.DoesNotContainSecret(harness.EverythingLogged(), SenderHarness.Username, SenderHarness.Password);
    }

    [Fact]
    public async Task SendEmail_WhenTheProblemChanges_LogsEachDistinctProblem()
    {
        await using var harness = CreateHarness(settings => settings.Port = 0);

        await harness.SendAsync();
        harness.Settings.Port = 587;
        harness.Settings.Security = (SmtpSecurity)99;
        await harness.SendAsync();
        await harness.SendAsync();

        Assert.Equal(2, harness.NopLog.Count);
        Assert.Contains("port 0", harness.NopLog.First().Message);
        Assert.Contains("(99)", harness.NopLog.Last().Message);
    }
}
