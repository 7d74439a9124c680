using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Moq;
using Nop.Plugin.Misc.Smtp.Domain;
using Nop.Plugin.Misc.Smtp.Tests.Controllers;
using Nop.Plugin.Misc.Smtp.Tests.Infrastructure;
using Nop.Plugin.Misc.Smtp.Models;
using Nop.Plugin.Misc.Smtp.Services;
using Xunit;
using Xunit.Sdk;

namespace Nop.Plugin.Misc.Smtp.Tests.Hardening;

/// <summary>
/// The password is encrypted at rest, never rendered back by an action, never printed by the endpoint, and scrubbed in
/// every form it can travel in.
/// </summary>
public sealed class SecretsAtRestAndInViewsTests
{
    private const string User = SenderHarness.Username;
    private const string Pass = SenderHarness.Password;

    [Fact]
    public void SecretAssert_CatchesEveryFormOfThePassword()
    {
        string Base64(string value) => Convert.ToBase64String(Encoding.UTF8.GetBytes(value));
        var leaks = new[]
        {
            $"error: {Pass}",
            $"C: {Base64(Pass)}",
            $"C: AUTH PLAIN {Base64($"\0{User}\0{Pass}")}",
            $"C: AUTH PLAIN {Base64($"{User}\0{User}\0{Pass}")}"
        };

        foreach (var leak in leaks)
            Assert.Throws<XunitException>(() => SecretAssert.DoesNotContainSecret(leak, User, Pass));
        SecretAssert.DoesNotContainSecret($"C: AUTH PLAIN {SecretScrubber.Mask}", User, Pass);
    }

    [Fact]
    public void SecretScrubber_MasksEveryFormThatSecretAssertLooksFor()
    {
        var scrubber = new SecretScrubber(User, Pass);

        foreach (var form in SecretAssert.Forms(User, Pass))
            SecretAssert.DoesNotContainSecret(scrubber.Scrub($"535 5.7.8 {form} rejected"), User, Pass);
    }

    [Fact]
    public void StoredPassword_IsEncryptedRoundTripsAndRejectsTampering()
    {
        var protector = new PasswordProtector(new Microsoft.AspNetCore.DataProtection.EphemeralDataProtectionProvider());
        var settings = new SmtpSettings { Username = User, ProtectedPassword = protector.Protect(Pass) };

        SecretAssert.DoesNotContainSecret(settings.ProtectedPassword, User, Pass);
        Assert.True(protector.TryUnprotect(settings.ProtectedPassword, out var decrypted));
        Assert.Equal(Pass, decrypted);

        var chars = settings.ProtectedPassword.ToCharArray();
        chars[chars.Length / 2] = chars[chars.Length / 2] == 'A' ? 'B' : 'A';
        Assert.False(protector.TryUnprotect(new string(chars), out _));
        Assert.False(protector.TryUnprotect(Convert.ToBase64String(Encoding.UTF8.GetBytes(Pass)), out _));
    }

    [Fact]
    public void Endpoint_PrintedOrSerialised_NeverShowsThePassword()
    {
        var endpoint = SmtpEndpoint.From(new SmtpSettings { Host = "mail.example.com", Port = 587, Username = User, TimeoutSeconds = 30 }, Pass);

        SecretAssert.DoesNotContainSecret(endpoint.ToString(), User, Pass);
        SecretAssert.DoesNotContainSecret($"{endpoint}", User, Pass);
    }

    [Fact]
    public async Task ConfigureGet_RendersTheFormWithoutThePasswordOrItsEncryptedValue()
    {
        var harness = new SmtpControllerHarness();
        harness.Settings.Host = "mail.example.com";
        harness.Settings.Username = User;
        harness.Settings.ProtectedPassword = harness.Protector.Protect(Pass);

        var view = Assert.IsType<ViewResult>(await harness.CreateController().Configure());

        var json = JsonSerializer.Serialize(Assert.IsType<ConfigurationModel>(view.Model));
        SecretAssert.DoesNotContainSecret(json, User, Pass);
        Assert.DoesNotContain(harness.Settings.ProtectedPassword, json);
    }

    [Fact]
    public async Task ConfigurePost_WithAnInvalidForm_RendersThePageWithoutThePasswordJustTyped()
    {
        var harness = new SmtpControllerHarness();
        var controller = harness.CreateController();
        var form = SmtpControllerHarness.Form(0, User, Pass);
        harness.Validate(controller, form);

        var view = Assert.IsType<ViewResult>(await controller.Configure(form));

        SecretAssert.DoesNotContainSecret(JsonSerializer.Serialize(Assert.IsType<ConfigurationModel>(view.Model)), User, Pass);
        Assert.True(string.IsNullOrEmpty(harness.Settings.ProtectedPassword));
    }

    [Fact]
    public async Task ConfigurePost_SavesThePasswordEncryptedOnly()
    {
        var harness = new SmtpControllerHarness();

        await harness.CreateController().Configure(SmtpControllerHarness.Form(587, User, Pass));

        SecretAssert.DoesNotContainSecret(harness.Settings.ProtectedPassword, User, Pass);
        Assert.True(harness.Protector.TryUnprotect(harness.Settings.ProtectedPassword, out var stored));
        Assert.Equal(Pass, stored);
    }

    [Fact]
    public async Task TestSend_ServerEchoesTheAuthBlobAndPassword_TheJsonResultAndLogHoldNoSecret()
    {
        await using var server = ScriptedSmtpServer.Start(new ScriptedSmtpServerOptions
        {
            Users = new Dictionary<string, string> { [User] = Pass },
            OnCommand = (line, _, _) => line.StartsWith("AUTH", StringComparison.OrdinalIgnoreCase)
                ? Reply.Send($"535 5.7.8 Authentication failed: {line} ({Pass})")
                : null
        });
        var harness = new SmtpControllerHarness();
        var form = SmtpControllerHarness.Form(server.Port, User, Pass);
        form.Authentication = SmtpAuthentication.Plain;

        var result = await harness.CreateController().TestSend(form);

        var json = JsonSerializer.Serialize(Assert.IsType<JsonResult>(result).Value);
        Assert.Contains("535", json);
        SecretAssert.DoesNotContainSecret(json, User, Pass);
        foreach (var entry in harness.LogEntries)
            SecretAssert.DoesNotContainSecret($"{entry.Error}\n{entry.ServerReply}\n{entry.Transcript}", User, Pass);
    }
}
