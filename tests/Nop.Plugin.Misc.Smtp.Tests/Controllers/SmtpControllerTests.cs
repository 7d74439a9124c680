using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Moq;
using Nop.Core.Domain.Messages;
using Nop.Plugin.Misc.Smtp.Controllers;
using Nop.Plugin.Misc.Smtp.Domain;
using Nop.Plugin.Misc.Smtp.Models;
using Nop.Plugin.Misc.Smtp.Services;
using Nop.Plugin.Misc.Smtp.Tests.Infrastructure;
using Nop.Services.Security;
using Nop.Web.Framework.Mvc.Filters;

namespace Nop.Plugin.Misc.Smtp.Tests.Controllers;

public class SmtpControllerTests
{
    private const string StoredPassword = "st0red-Secret!";
    private const string NewPassword = "n3w-Secret!";

    private const string Username = "shop@example.com";

    private readonly SmtpControllerHarness _harness = new();

    private static Task<RealSmtpServer> StartServerAsync(string password, RealSmtpTls tls = RealSmtpTls.None)
    {
        return RealSmtpServer.StartAsync(new RealSmtpServerOptions
        {
            Tls = tls,
            Users = new Dictionary<string, string> { [Username] = password }
        });
    }

    private static ScriptedSmtpServer StartScripted(Func<string, int, int, Reply> onCommand = null, Func<ReceivedMessage, Reply> onMessageEnd = null)
    {
        return ScriptedSmtpServer.Start(new ScriptedSmtpServerOptions
        {
            Users = new Dictionary<string, string> { [Username] = NewPassword },
            OnCommand = onCommand,
            OnMessageEnd = onMessageEnd
        });
    }

    /// <summary>
    /// A port on 127.0.0.1 where nothing listens, so connections are refused.
    /// </summary>
    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private string StoredPlaintext()
    {
        Assert.True(_harness.Protector.TryUnprotect(_harness.Settings.ProtectedPassword, out var password));
        return password;
    }

    [Fact]
    public async Task Configure_Get_NeverPutsThePasswordInTheModel()
    {
        _harness.Settings.Host = "smtp.example.com";
        _harness.Settings.Username = "shop@example.com";
        _harness.Settings.ProtectedPassword = _harness.Protector.Protect(StoredPassword);

        var result = Assert.IsType<ViewResult>(await _harness.CreateController().Configure());

        var model = Assert.IsType<ConfigurationModel>(result.Model);
        Assert.True(string.IsNullOrEmpty(model.Password));
        Assert.True(model.HasPassword);
        Assert.DoesNotContain(StoredPassword, JsonSerializer.Serialize(model));
        Assert.DoesNotContain(_harness.Settings.ProtectedPassword, JsonSerializer.Serialize(model));
    }

    [Fact]
    public async Task Configure_Get_DefaultsTheTestRecipientToTheCurrentAdmin()
    {
        var result = Assert.IsType<ViewResult>(await _harness.CreateController().Configure());

        Assert.Equal(SmtpControllerHarness.AdminEmail, Assert.IsType<ConfigurationModel>(result.Model).TestSend.Recipient);
    }

    [Fact]
    public async Task Configure_Get_WarnsWhenTheSendEmailsTaskIsDisabledAndThereIsNoDefaultAccount()
    {
        _harness.ScheduleTasks.Setup(service => service.GetTaskByTypeAsync(SmtpDefaults.SendEmailsTaskType))
            .ReturnsAsync(new Nop.Core.Domain.ScheduleTasks.ScheduleTask { Enabled = false });

        var model = (ConfigurationModel)Assert.IsType<ViewResult>(await _harness.CreateController().Configure()).Model;

        Assert.Contains("Plugins.Misc.Smtp.Warnings.SendEmailsTaskDisabled", model.Warnings);
        Assert.Contains("Plugins.Misc.Smtp.Warnings.NoDefaultEmailAccount", model.Warnings);
        Assert.Contains("Plugins.Misc.Smtp.Warnings.PluginDisabled", model.Warnings);
    }

    [Theory]
    [InlineData(SmtpAuthentication.Auto, false, true)]
    [InlineData(SmtpAuthentication.Auto, true, false)]
    [InlineData(SmtpAuthentication.None, false, false)]
    public async Task Configure_Get_WarnsWhenAuthenticationIsOnWithoutASavedPassword(SmtpAuthentication authentication, bool passwordSaved, bool warned)
    {
        _harness.Settings.Host = "smtp.example.com";
        _harness.Settings.Authentication = authentication;
        _harness.Settings.ProtectedPassword = passwordSaved ? _harness.Protector.Protect("secret") : null;

        var model = (ConfigurationModel)Assert.IsType<ViewResult>(await _harness.CreateController().Configure()).Model;

        Assert.Equal(warned, model.Warnings.Contains("Plugins.Misc.Smtp.Warnings.NoPassword"));
    }

    [Fact]
    public async Task Configure_Get_WarnsAboutAnEmailAccountThatSendsNoQueuedEmails()
    {
        // A new nopCommerce 4.90 store installs its account with MaxNumberOfEmails 0: the queue then sends nothing.
        _harness.Localization.Setup(service => service.GetResourceAsync("Plugins.Misc.Smtp.Warnings.NoEmailsPerRun"))
            .ReturnsAsync("{0} <{1}> sends {2} per run");
        _harness.EmailAccounts.Setup(service => service.GetAllEmailAccountsAsync()).ReturnsAsync(new List<EmailAccount>
        {
            new() { Id = 1, DisplayName = "Store name", Email = "test@mail.com", MaxNumberOfEmails = 0 },
            new() { Id = 2, DisplayName = "Orders", Email = "orders@example.com", MaxNumberOfEmails = 50 }
        });

        var model = (ConfigurationModel)Assert.IsType<ViewResult>(await _harness.CreateController().Configure()).Model;

        Assert.Equal(["Store name <test@mail.com> sends 0 per run"], model.Warnings.Where(warning => warning.EndsWith("per run")));
    }

    [Fact]
    public async Task Configure_Get_ShowsWhyStoredSettingsCannotBeUsed_WhenThePasswordCannotBeDecrypted()
    {
        _harness.Settings.Host = "smtp.example.com";
        _harness.Settings.Username = "shop@example.com";
        _harness.Settings.ProtectedPassword = "not-a-protected-value";

        var model = (ConfigurationModel)Assert.IsType<ViewResult>(await _harness.CreateController().Configure()).Model;

        Assert.Contains("decrypted", model.SettingsProblem);
    }

    [Theory]
    [InlineData(465, SmtpSecurity.StartTlsRequired, "Plugins.Misc.Smtp.Warnings.StartTlsOnPort465")]
    [InlineData(587, SmtpSecurity.SslOnConnect, "Plugins.Misc.Smtp.Warnings.SslOnConnectOnPort587")]
    [InlineData(587, SmtpSecurity.StartTlsRequired, null)]
    public async Task Configure_Get_WarnsAboutAnUnusualPortAndSecurityPair(int port, SmtpSecurity security, string warning)
    {
        _harness.Settings.Port = port;
        _harness.Settings.Security = security;

        var model = (ConfigurationModel)Assert.IsType<ViewResult>(await _harness.CreateController().Configure()).Model;

        Assert.Equal(warning, model.PortSecurityWarning);
    }

    [Fact]
    public async Task Configure_Post_UnusualPortAndSecurityPair_IsSavedAnyway()
    {
        var controller = _harness.CreateController();
        var model = SmtpControllerHarness.Form(465, security: SmtpSecurity.StartTlsRequired);
        _harness.Validate(controller, model);

        Assert.IsType<RedirectToActionResult>(await controller.Configure(model));
        Assert.Equal((465, SmtpSecurity.StartTlsRequired), (_harness.Settings.Port, _harness.Settings.Security));
    }

    [Fact]
    public async Task Configure_Post_InvalidForm_SavesNothingAndRedisplaysWithoutThePassword()
    {
        var controller = _harness.CreateController();
        var model = SmtpControllerHarness.Form(587, password: NewPassword);
        model.Host = "smtp://mail.example.com:587";
        model.Port = 70000;
        _harness.Validate(controller, model);

        var result = Assert.IsType<ViewResult>(await controller.Configure(model));

        _harness.SettingService.Verify(service => service.SaveSettingAsync(It.IsAny<SmtpSettings>(), It.IsAny<int>()), Times.Never);
        Assert.True(controller.ModelState.ContainsKey(nameof(ConfigurationModel.Host)));
        Assert.True(controller.ModelState.ContainsKey(nameof(ConfigurationModel.Port)));
        Assert.True(string.IsNullOrEmpty(((ConfigurationModel)result.Model).Password));
        Assert.Null(_harness.Settings.Host);
    }

    [Fact]
    public async Task Configure_Post_IgnoresTheTestSendFields()
    {
        var controller = _harness.CreateController();
        var model = SmtpControllerHarness.Form(587);
        model.TestSend.Recipient = "not an address";
        _harness.Validate(controller, model);
        controller.ModelState.AddModelError("TestSend.Recipient", "Plugins.Misc.Smtp.Validation.InvalidAddress");

        Assert.IsType<RedirectToActionResult>(await controller.Configure(model));
        _harness.SettingService.Verify(service => service.SaveSettingAsync(_harness.Settings, 0), Times.Once);
    }

    [Fact]
    public async Task Configure_Post_BlankPassword_KeepsTheStoredOne()
    {
        _harness.Settings.ProtectedPassword = _harness.Protector.Protect(StoredPassword);
        var controller = _harness.CreateController();

        await controller.Configure(SmtpControllerHarness.Form(587, password: string.Empty));

        Assert.Equal(StoredPassword, StoredPlaintext());
        _harness.SettingService.Verify(service => service.SaveSettingAsync(_harness.Settings, 0), Times.Once);
    }

    [Fact]
    public async Task Configure_Post_TypedPassword_ReplacesTheStoredOneEncrypted()
    {
        _harness.Settings.ProtectedPassword = _harness.Protector.Protect(StoredPassword);

        await _harness.CreateController().Configure(SmtpControllerHarness.Form(587, password: NewPassword));

        Assert.Equal(NewPassword, StoredPlaintext());
        Assert.DoesNotContain(NewPassword, _harness.Settings.ProtectedPassword);
    }

    [Fact]
    public async Task Configure_Post_ClearPassword_RemovesTheStoredOne()
    {
        _harness.Settings.ProtectedPassword = _harness.Protector.Protect(StoredPassword);
        var model = SmtpControllerHarness.Form(587);
        model.ClearPassword = true;

        await _harness.CreateController().Configure(model);

        Assert.Equal(string.Empty, _harness.Settings.ProtectedPassword);
    }

    [Fact]
    public async Task Configure_Post_ImportedAccount_StoresThatAccountsPassword()
    {
        _harness.Settings.ProtectedPassword = _harness.Protector.Protect(StoredPassword);
        _harness.EmailAccounts.Setup(service => service.GetEmailAccountByIdAsync(7))
            .ReturnsAsync(new EmailAccount { Id = 7, Password = "acc0unt-Secret" });
        var model = SmtpControllerHarness.Form(587);
        model.PasswordFromEmailAccountId = 7;

        await _harness.CreateController().Configure(model);

        Assert.Equal("acc0unt-Secret", StoredPlaintext());
    }

    [Fact]
    public async Task Configure_Post_ValidForm_SavesEveryField()
    {
        var model = SmtpControllerHarness.Form(465, security: SmtpSecurity.SslOnConnect);
        model.ProviderPreset = "Fastmail";
        model.Host = " smtp.fastmail.com ";
        model.CertificateCheck = CertificateCheck.Pinned;
        model.PinnedThumbprint = string.Join(":", Enumerable.Repeat("ab", 32));
        model.ForceFromAddress = "shop@example.com";
        model.DeveloperMode = DeveloperMode.Redirect;
        model.RedirectToAddress = "dev@example.com";
        model.LogRetentionDays = 0;
        model.LogMessageBodies = true;

        await _harness.CreateController().Configure(model);

        var settings = _harness.Settings;
        Assert.Equal(("Fastmail", "smtp.fastmail.com", 465, SmtpSecurity.SslOnConnect), (settings.ProviderPreset, settings.Host, settings.Port, settings.Security));
        Assert.Equal(string.Concat(Enumerable.Repeat("AB", 32)), settings.PinnedThumbprint);
        Assert.Equal(("shop@example.com", DeveloperMode.Redirect, "dev@example.com"), (settings.ForceFromAddress, settings.DeveloperMode, settings.RedirectToAddress));
        Assert.Equal((0, true), (settings.LogRetentionDays, settings.LogMessageBodies));
    }

    [Fact]
    public async Task TestSend_AgainstAWorkingServer_SucceedsWithTheServersReplyAndLogsATest()
    {
        await using var server = await StartServerAsync(NewPassword);
        var model = SmtpControllerHarness.Form(server.Port, password: NewPassword);

        var result = SmtpControllerHarness.ResultOf(await _harness.CreateController().TestSend(model));

        Assert.True(result.Success, result.Error);
        Assert.Equal(nameof(TestSendProblem.None), result.Problem);
        Assert.StartsWith("220 localhost", result.Greeting);
        Assert.Equal("PLAIN", result.AuthMechanism);
        Assert.Contains("C: MAIL FROM:", result.Transcript);
        var received = Assert.Single(server.Messages);
        Assert.Equal(Username, received.AuthenticatedUser);
        Assert.Equal("customer@example.org", received.Parsed.To.Mailboxes.Single().Address);
        Assert.Equal("Test", received.Parsed.Subject);
        var entry = Assert.Single(_harness.LogEntries);
        Assert.True(entry.IsTest);
        Assert.Equal(SendStatus.Sent, entry.Status);
        Assert.NotNull(entry.Transcript);
    }

    [Fact]
    public async Task TestSend_ShowsTheServersFinalReplyAndQueueId()
    {
        await using var server = StartScripted(onMessageEnd: _ => "250 2.0.0 Ok: queued as 4XyZ81");
        var model = SmtpControllerHarness.Form(server.Port, password: NewPassword);

        var result = SmtpControllerHarness.ResultOf(await _harness.CreateController().TestSend(model));

        Assert.True(result.Success, result.Error);
        Assert.Equal("4XyZ81", result.QueueId);
        Assert.Contains("queued as 4XyZ81", result.ServerReply);
        Assert.Contains("S: 250 2.0.0 Ok: queued as 4XyZ81", result.Transcript);
    }

    [Theory]
    [InlineData("RCPT", "550 5.7.1 Relaying denied", nameof(TestSendProblem.RelayDenied))]
    [InlineData("RCPT", "450 4.2.0 Greylisted, please try again later", nameof(TestSendProblem.Greylisted))]
    [InlineData("MAIL", "553 5.7.1 Sender address rejected: not owned by user", nameof(TestSendProblem.SenderRejected))]
    public async Task TestSend_ServerRefusesTheEnvelope_DiagnosesIt(string command, string reply, string problem)
    {
        await using var server = StartScripted(onCommand: (line, _, _) => line.StartsWith(command, StringComparison.OrdinalIgnoreCase) ? reply : null);
        var model = SmtpControllerHarness.Form(server.Port, password: NewPassword);

        var result = SmtpControllerHarness.ResultOf(await _harness.CreateController().TestSend(model));

        Assert.False(result.Success);
        Assert.Equal(problem, result.Problem);
        Assert.Contains(reply[4..], result.ServerReply);
        Assert.Empty(server.Messages);
    }

    [Fact]
    public async Task TestSend_MessageTooLarge_Diagnoses552()
    {
        await using var server = StartScripted(onMessageEnd: _ => "552 5.3.4 Message size exceeds fixed limit");
        var model = SmtpControllerHarness.Form(server.Port, password: NewPassword);

        var result = SmtpControllerHarness.ResultOf(await _harness.CreateController().TestSend(model));

        Assert.False(result.Success);
        Assert.Equal(nameof(TestSendProblem.MessageTooLarge), result.Problem);
    }

    [Fact]
    public async Task TestSend_UsesTheFormNotTheSavedSettings_AndABlankPasswordMeansTheStoredOne()
    {
        await using var server = await StartServerAsync(StoredPassword);
        _harness.Settings.Host = "smtp.elsewhere.example";
        _harness.Settings.Port = 2525;
        _harness.Settings.ProtectedPassword = _harness.Protector.Protect(StoredPassword);

        var result = SmtpControllerHarness.ResultOf(await _harness.CreateController().TestSend(SmtpControllerHarness.Form(server.Port)));

        Assert.True(result.Success, result.Error);
        Assert.Equal("smtp.elsewhere.example", _harness.Settings.Host);
        _harness.SettingService.Verify(service => service.SaveSettingAsync(It.IsAny<SmtpSettings>(), It.IsAny<int>()), Times.Never);
    }

    [Fact]
    public async Task TestSend_IgnoresDeveloperModeLogOnly_AndReallySends()
    {
        await using var server = await StartServerAsync(NewPassword);
        var model = SmtpControllerHarness.Form(server.Port, password: NewPassword);
        model.DeveloperMode = DeveloperMode.LogOnly;

        var result = SmtpControllerHarness.ResultOf(await _harness.CreateController().TestSend(model));

        Assert.True(result.Success, result.Error);
        Assert.Single(server.Messages);
    }

    [Fact]
    public async Task TestSend_ConnectionRefused_DiagnosesIt()
    {
        var model = SmtpControllerHarness.Form(ClosedPort(), password: NewPassword);

        var result = SmtpControllerHarness.ResultOf(await _harness.CreateController().TestSend(model));

        Assert.False(result.Success);
        Assert.Equal(nameof(TestSendProblem.ConnectionRefused), result.Problem);
        Assert.Equal("Plugins.Misc.Smtp.TestSend.Problem.ConnectionRefused", result.Diagnosis);
        Assert.Equal("Plugins.Misc.Smtp.TestSend.Problem.ConnectionRefused.Hint", result.Hint);
        Assert.True(Assert.Single(_harness.LogEntries).IsTest);
    }

    [Fact]
    public async Task TestSend_WrongPassword_Diagnoses535WithTheProvidersNote()
    {
        await using var server = await StartServerAsync(StoredPassword);
        var model = SmtpControllerHarness.Form(server.Port, password: NewPassword);
        model.ProviderPreset = "Gmail";

        var result = SmtpControllerHarness.ResultOf(await _harness.CreateController().TestSend(model));

        Assert.False(result.Success);
        Assert.Equal(nameof(TestSendProblem.AuthenticationFailed), result.Problem);
        Assert.Equal("Plugins.Misc.Smtp.Presets.Gmail.Note", result.ProviderNote);
        Assert.Contains("535", result.Transcript);
        Assert.Empty(server.Messages);
    }

    [Fact]
    public async Task TestSend_WrongPasswordOverStartTls_StillShowsTheTlsSessionAndTheMechanismTried()
    {
        await using var server = await StartServerAsync(StoredPassword, RealSmtpTls.StartTls);
        var model = SmtpControllerHarness.Form(server.Port, password: NewPassword, security: SmtpSecurity.StartTlsRequired);
        model.Authentication = SmtpAuthentication.Plain;
        model.CertificateCheck = CertificateCheck.Pinned;
        model.PinnedThumbprint = TestCertificates.Sha256Thumbprint(TestCertificates.Localhost);

        var result = SmtpControllerHarness.ResultOf(await _harness.CreateController().TestSend(model));

        Assert.Equal(nameof(TestSendProblem.AuthenticationFailed), result.Problem);
        Assert.Matches(@"^TLS 1\.[23]$", result.TlsProtocol);
        Assert.Equal("PLAIN", result.AuthMechanism);
        Assert.DoesNotContain(NewPassword, result.Transcript);
        Assert.DoesNotMatch(@"^535 535", result.ServerReply);
    }

    [Fact]
    public async Task TestSend_UntrustedCertificate_DiagnosesItAndOffersToPinIt()
    {
        var certificate = TestCertificates.Localhost;
        await using var server = await StartServerAsync(NewPassword, RealSmtpTls.StartTls);
        var model = SmtpControllerHarness.Form(server.Port, password: NewPassword, security: SmtpSecurity.StartTlsRequired);

        var result = SmtpControllerHarness.ResultOf(await _harness.CreateController().TestSend(model));

        Assert.False(result.Success);
        Assert.Equal(nameof(TestSendProblem.CertificateUntrusted), result.Problem);
        Assert.True(result.CanPin);
        Assert.Equal(TestCertificates.Sha256Thumbprint(certificate), result.CertificateThumbprint);
        Assert.Equal("CN=localhost", result.CertificateSubject);
        Assert.Empty(server.Messages);
    }

    [Fact]
    public async Task TestSend_PinnedCertificate_SucceedsAndShowsTheTlsSession()
    {
        await using var server = await StartServerAsync(NewPassword, RealSmtpTls.StartTls);
        var model = SmtpControllerHarness.Form(server.Port, password: NewPassword, security: SmtpSecurity.StartTlsRequired);
        model.CertificateCheck = CertificateCheck.Pinned;
        model.PinnedThumbprint = TestCertificates.Sha256Thumbprint(TestCertificates.Localhost);

        var result = SmtpControllerHarness.ResultOf(await _harness.CreateController().TestSend(model));

        Assert.True(result.Success, result.Error);
        Assert.Matches(@"^TLS 1\.[23]$", result.TlsProtocol);
        Assert.False(string.IsNullOrEmpty(result.TlsCipherSuite));
        Assert.Equal(model.PinnedThumbprint, result.CertificateThumbprint);
        Assert.False(result.CanPin);
    }

    [Fact]
    public async Task TestSend_AcceptAny_SaysTheCertificateWasNotCheckedAndOffersToPinIt()
    {
        await using var server = await StartServerAsync(NewPassword, RealSmtpTls.StartTls);
        var model = SmtpControllerHarness.Form(server.Port, password: NewPassword, security: SmtpSecurity.StartTlsRequired);
        model.CertificateCheck = CertificateCheck.AcceptAny;

        var result = SmtpControllerHarness.ResultOf(await _harness.CreateController().TestSend(model));

        Assert.True(result.Success, result.Error);
        Assert.Contains("without checking", result.CertificateNote);
        Assert.True(result.CanPin);
        Assert.Equal(TestCertificates.Sha256Thumbprint(TestCertificates.Localhost), result.CertificateThumbprint);
    }

    [Theory]
    [InlineData(SmtpAuthentication.Auto, true)]
    [InlineData(SmtpAuthentication.Plain, true)]
    [InlineData(SmtpAuthentication.Login, true)]
    [InlineData(SmtpAuthentication.Plain, false)]
    [InlineData(SmtpAuthentication.Login, false)]
    public async Task TestSend_TranscriptNeverHoldsThePasswordOrTheEncodedCredentials(SmtpAuthentication authentication, bool rightPassword)
    {
        const string username = Username;
        await using var server = await StartServerAsync(rightPassword ? NewPassword : StoredPassword);
        var model = SmtpControllerHarness.Form(server.Port, username, NewPassword);
        model.Authentication = authentication;

        var result = SmtpControllerHarness.ResultOf(await _harness.CreateController().TestSend(model));

        Assert.Equal(rightPassword, result.Success);
        string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
        var everything = JsonSerializer.Serialize(result) + string.Join("\n", _harness.LogEntries.Select(entry => entry.Transcript + entry.Error));
        Assert.Contains("AUTH", result.Transcript);
        Assert.DoesNotContain(NewPassword, everything);
        Assert.DoesNotContain(B64(NewPassword), everything);
        Assert.DoesNotContain(B64($"\0{username}\0{NewPassword}"), everything);
        Assert.DoesNotContain(B64($"{username}\0{username}\0{NewPassword}"), everything);
        Assert.DoesNotContain(B64(username), result.Transcript);
    }

    [Fact]
    public async Task TestSend_SslOnConnectAgainstAPlainPort_DiagnosesWrongSecurityForThePort()
    {
        await using var server = await StartServerAsync(NewPassword);
        var model = SmtpControllerHarness.Form(server.Port, password: NewPassword, security: SmtpSecurity.SslOnConnect);

        var result = SmtpControllerHarness.ResultOf(await _harness.CreateController().TestSend(model));

        Assert.False(result.Success);
        Assert.Equal(nameof(TestSendProblem.WrongSecurityForPort), result.Problem);
        Assert.Empty(server.Messages);
    }

    [Fact]
    public async Task TestSend_SixthInAMinute_IsRefusedWithoutSending()
    {
        await using var server = await StartServerAsync(NewPassword);
        var controller = _harness.CreateController();
        var model = SmtpControllerHarness.Form(server.Port, password: NewPassword);

        for (var i = 0; i < SmtpDefaults.TestSendsPerWindow; i++)
            Assert.True(SmtpControllerHarness.ResultOf(await controller.TestSend(model)).Success);

        _harness.Clock.Now += TimeSpan.FromSeconds(59);
        var sixth = SmtpControllerHarness.ResultOf(await controller.TestSend(model));

        Assert.False(sixth.Success);
        Assert.Equal("RateLimited", sixth.Problem);
        Assert.Equal("Plugins.Misc.Smtp.TestSend.RateLimited", sixth.Title);
        Assert.Equal(SmtpDefaults.TestSendsPerWindow, server.Messages.Count);
    }

    [Fact]
    public async Task TestSend_InvalidForm_SendsNothingAndReturnsTheFieldErrors()
    {
        await using var server = await StartServerAsync(NewPassword);
        var controller = _harness.CreateController();
        var model = SmtpControllerHarness.Form(server.Port, password: NewPassword);
        model.TestSend.Recipient = "not an address";

        var result = SmtpControllerHarness.ResultOf(await controller.TestSend(model));

        Assert.False(result.Success);
        Assert.Equal("InvalidForm", result.Problem);
        Assert.Equal(["Plugins.Misc.Smtp.Validation.InvalidAddress"], result.FieldErrors["TestSend.Recipient"]);
        Assert.Empty(server.Messages);
    }

    [Theory]
    [InlineData(true, SmtpSecurity.SslOnConnect)]
    [InlineData(false, SmtpSecurity.StartTlsWhenAvailable)]
    public async Task ImportEmailAccount_MapsEnableSsl_AndNeverReturnsThePassword(bool enableSsl, SmtpSecurity expected)
    {
        _harness.EmailAccounts.Setup(service => service.GetEmailAccountByIdAsync(3)).ReturnsAsync(new EmailAccount
        {
            Id = 3, Email = "shop@example.com", Host = "mail.example.com", Port = 465, Username = "shop@example.com",
            Password = "acc0unt-Secret", EnableSsl = enableSsl, EmailAuthenticationMethod = EmailAuthenticationMethod.Login
        });

        var json = JsonSerializer.Serialize(Assert.IsType<JsonResult>(await _harness.CreateController().ImportEmailAccount(3)).Value);

        using var document = JsonDocument.Parse(json);
        Assert.Equal((int)expected, document.RootElement.GetProperty("Security").GetInt32());
        Assert.Equal("mail.example.com", document.RootElement.GetProperty("Host").GetString());
        Assert.Equal(3, document.RootElement.GetProperty("EmailAccountId").GetInt32());
        Assert.DoesNotContain("acc0unt-Secret", json);
    }

    [Fact]
    public void EveryAction_NeedsThePluginsPermissionOrManagePlugins_AndEveryStateChangeIsAPost()
    {
        var controllerType = typeof(SmtpController);
        Assert.NotNull(controllerType.GetCustomAttribute<AutoValidateAntiforgeryTokenAttribute>());
        Assert.NotNull(controllerType.GetCustomAttribute<AuthorizeAdminAttribute>());

        var actions = controllerType.GetMethods(BindingFlags.Instance | BindingFlags.Public | BindingFlags.DeclaredOnly);
        Assert.NotEmpty(actions);
        foreach (var action in actions)
        {
            var permission = Assert.Single(action.GetCustomAttributes<CheckPermissionAttribute>());
            Assert.Equal([SmtpDefaults.ManagePermission, StandardPermission.Configuration.MANAGE_PLUGINS], permission.PermissionSystemName);
            if (action.GetParameters().Length > 0)
                Assert.NotNull(action.GetCustomAttribute<HttpPostAttribute>());
        }
    }
}
