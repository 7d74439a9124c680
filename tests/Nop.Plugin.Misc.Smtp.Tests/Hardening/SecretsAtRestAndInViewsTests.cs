using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Moq;
using Nop.Plugin.Misc.Smtp.Controllers;
using Nop.Plugin.Misc.Smtp.Domain;
using Nop.Plugin.Misc.Smtp.Factories;
using Nop.Plugin.Misc.Smtp.Models;
using Nop.Plugin.Misc.Smtp.Services;
using Nop.Services.Configuration;
using Nop.Services.Localization;
using Nop.Services.Messages;
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
    public void ConfigureModel_FromStoredSettings_NeverCarriesThePassword()
    {
        var protector = new PasswordProtector(new Microsoft.AspNetCore.DataProtection.EphemeralDataProtectionProvider());
        var settings = new SmtpSettings { Host = "mail.example.com", Username = User, ProtectedPassword = protector.Protect(Pass) };

        var model = ConfigurationModelMapper.FromSettings(settings);

        Assert.Null(model.Password);
        Assert.True(model.HasPassword);
        var json = JsonSerializer.Serialize(model);
        SecretAssert.DoesNotContainSecret(json, User, Pass);
        Assert.DoesNotContain(settings.ProtectedPassword, json);
    }

    [Fact]
    public void ConfigureGet_RendersTheFormWithoutThePasswordOrItsEncryptedValue()
    {
        var protector = new PasswordProtector(new Microsoft.AspNetCore.DataProtection.EphemeralDataProtectionProvider());
        var settings = new SmtpSettings { Host = "mail.example.com", Username = User, ProtectedPassword = protector.Protect(Pass) };
        var controller = new SmtpController(Mock.Of<ILocalizationService>(), Mock.Of<INotificationService>(),
            Mock.Of<ISettingService>(), protector, settings);

        var view = Assert.IsType<ViewResult>(controller.Configure());

        var json = JsonSerializer.Serialize(Assert.IsType<ConfigurationModel>(view.Model));
        SecretAssert.DoesNotContainSecret(json, User, Pass);
        Assert.DoesNotContain(settings.ProtectedPassword, json);
    }

    [Fact]
    public async Task ConfigurePost_WithAnInvalidForm_RendersThePageWithoutThePasswordJustTyped()
    {
        var protector = new PasswordProtector(new Microsoft.AspNetCore.DataProtection.EphemeralDataProtectionProvider());
        var settings = new SmtpSettings { Host = "mail.example.com", Username = User };
        var controller = new SmtpController(Mock.Of<ILocalizationService>(), Mock.Of<INotificationService>(),
            Mock.Of<ISettingService>(), protector, settings);
        controller.ModelState.AddModelError(nameof(ConfigurationModel.Port), "Port is out of range.");

        var result = await controller.Configure(new ConfigurationModel { Host = "mail.example.com", Port = 0, Username = User, Password = Pass });

        var view = Assert.IsType<ViewResult>(result);
        var model = Assert.IsType<ConfigurationModel>(view.Model);
        Assert.Null(model.Password);
        SecretAssert.DoesNotContainSecret(JsonSerializer.Serialize(model), User, Pass);
        Assert.True(string.IsNullOrEmpty(settings.ProtectedPassword));
    }

    [Fact]
    public async Task ConfigurePost_SavesThePasswordEncryptedOnly()
    {
        var protector = new PasswordProtector(new Microsoft.AspNetCore.DataProtection.EphemeralDataProtectionProvider());
        var settings = new SmtpSettings();
        var settingService = new Mock<ISettingService>();
        var controller = new SmtpController(Mock.Of<ILocalizationService>(), Mock.Of<INotificationService>(),
            settingService.Object, protector, settings);

        await controller.Configure(new ConfigurationModel
        {
            Enabled = true, Host = "mail.example.com", Port = 587, Security = SmtpSecurity.StartTlsRequired,
            Authentication = SmtpAuthentication.Login, Username = User, Password = Pass, TimeoutSeconds = 30
        });

        SecretAssert.DoesNotContainSecret(settings.ProtectedPassword, User, Pass);
        Assert.True(protector.TryUnprotect(settings.ProtectedPassword, out var stored));
        Assert.Equal(Pass, stored);
    }
}
