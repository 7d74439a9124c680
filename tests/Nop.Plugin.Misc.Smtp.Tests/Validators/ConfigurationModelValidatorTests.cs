using FluentValidation.TestHelper;
using Moq;
using Nop.Plugin.Misc.Smtp.Domain;
using Nop.Plugin.Misc.Smtp.Models;
using Nop.Plugin.Misc.Smtp.Validators;
using Nop.Services.Localization;

namespace Nop.Plugin.Misc.Smtp.Tests.Validators;

public class ConfigurationModelValidatorTests
{
    private readonly ConfigurationModelValidator _validator;

    public ConfigurationModelValidatorTests()
    {
        var localization = new Mock<ILocalizationService>();
        localization.Setup(service => service.GetResourceAsync(It.IsAny<string>())).ReturnsAsync((string key) => key);
        _validator = new ConfigurationModelValidator(localization.Object);
    }

    private static ConfigurationModel Valid(Action<ConfigurationModel> change = null)
    {
        var model = new ConfigurationModel
        {
            Enabled = true,
            Host = "smtp.example.com",
            Port = 587,
            Security = SmtpSecurity.StartTlsRequired,
            Authentication = SmtpAuthentication.Auto,
            Username = "shop@example.com",
            TimeoutSeconds = 30,
            MaxConnections = 2,
            MaxParallelSends = 2,
            IdleTimeoutSeconds = 30,
            CertificateCheck = CertificateCheck.Strict,
            DeveloperMode = DeveloperMode.Off,
            LogRetentionDays = 30
        };
        change?.Invoke(model);
        return model;
    }

    [Fact]
    public void ValidModel_HasNoErrors()
    {
        _validator.TestValidate(Valid()).ShouldNotHaveAnyValidationErrors();
    }

    [Theory]
    [InlineData("smtp.example.com")]
    [InlineData("SMTP.Example.COM")]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    [InlineData("[::1]")]
    [InlineData("::1")]
    [InlineData("mail.bücher.de")]
    [InlineData("smtp-relay.brevo.com")]
    public void Host_Good(string host)
    {
        _validator.TestValidate(Valid(model => model.Host = host)).ShouldNotHaveValidationErrorFor(model => model.Host);
    }

    [Theory]
    [InlineData("smtp://smtp.example.com")]
    [InlineData("smtp.example.com:587")]
    [InlineData("smtp.example.com/path")]
    [InlineData("smtp example.com")]
    [InlineData(" smtp.example.com")]
    [InlineData("-smtp.example.com")]
    [InlineData("smtp..example.com")]
    [InlineData("shop@example.com")]
    public void Host_Bad(string host)
    {
        _validator.TestValidate(Valid(model => model.Host = host))
            .ShouldHaveValidationErrorFor(model => model.Host).WithErrorMessage("Plugins.Misc.Smtp.Fields.Host.Invalid");
    }

    [Fact]
    public void Host_RequiredOnlyWhenEnabled()
    {
        _validator.TestValidate(Valid(model => model.Host = "")).ShouldHaveValidationErrorFor(model => model.Host)
            .WithErrorMessage("Plugins.Misc.Smtp.Fields.Host.Required");
        _validator.TestValidate(Valid(model => { model.Host = ""; model.Enabled = false; }))
            .ShouldNotHaveValidationErrorFor(model => model.Host);
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(25, true)]
    [InlineData(65535, true)]
    [InlineData(0, false)]
    [InlineData(-1, false)]
    [InlineData(65536, false)]
    public void Port_Range(int port, bool valid)
    {
        var result = _validator.TestValidate(Valid(model => model.Port = port));

        if (valid)
            result.ShouldNotHaveValidationErrorFor(model => model.Port);
        else
            result.ShouldHaveValidationErrorFor(model => model.Port).WithErrorMessage("Plugins.Misc.Smtp.Fields.Port.Invalid");
    }

    [Theory]
    [InlineData(SmtpAuthentication.Auto, "", false)]
    [InlineData(SmtpAuthentication.Login, null, false)]
    [InlineData(SmtpAuthentication.Plain, "   ", false)]
    [InlineData(SmtpAuthentication.None, "", true)]
    [InlineData(SmtpAuthentication.Auto, "apikey", true)]
    [InlineData(SmtpAuthentication.Auto, "user\r\nRCPT TO:<x@example.com>", false)]
    public void Username_RequiredWhenAuthenticating(SmtpAuthentication authentication, string username, bool valid)
    {
        var result = _validator.TestValidate(Valid(model => { model.Authentication = authentication; model.Username = username; }));

        if (valid)
            result.ShouldNotHaveValidationErrorFor(model => model.Username);
        else
            result.ShouldHaveValidationErrorFor(model => model.Username);
    }

    [Theory]
    [InlineData(nameof(ConfigurationModel.ForceFromAddress))]
    [InlineData(nameof(ConfigurationModel.DefaultReplyToAddress))]
    [InlineData(nameof(ConfigurationModel.ArchiveBccAddress))]
    [InlineData(nameof(ConfigurationModel.RedirectToAddress))]
    public void AddressFields_AcceptOneMailboxOrNothing(string property)
    {
        var setter = typeof(ConfigurationModel).GetProperty(property)!;
        var bad = new[] { "shop", "shop@", "@example.com", "Shop <shop@example.com>", "a@example.com, b@example.com", "shop@example.com\r\nBcc: x@example.com", "shop @example.com" };
        var good = new[] { "shop@example.com", "first.last+tag@sub.example.co.uk" };

        var accepted = bad.Where(value => !_validator.TestValidate(Valid(model => setter.SetValue(model, value)))
            .Errors.Any(error => error.PropertyName == property && error.ErrorMessage == "Plugins.Misc.Smtp.Validation.InvalidAddress"));
        Assert.Empty(accepted);

        foreach (var value in good.Append(null).Append(""))
        {
            var result = _validator.TestValidate(Valid(model => setter.SetValue(model, value)));
            result.ShouldNotHaveValidationErrorFor(property);
        }
    }

    [Fact]
    public void RedirectAddress_RequiredWhenRedirecting()
    {
        _validator.TestValidate(Valid(model => model.DeveloperMode = DeveloperMode.Redirect))
            .ShouldHaveValidationErrorFor(model => model.RedirectToAddress)
            .WithErrorMessage("Plugins.Misc.Smtp.Fields.RedirectToAddress.Required");
        _validator.TestValidate(Valid(model => model.DeveloperMode = DeveloperMode.LogOnly))
            .ShouldNotHaveValidationErrorFor(model => model.RedirectToAddress);
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(600, true)]
    [InlineData(0, false)]
    [InlineData(601, false)]
    [InlineData(-5, false)]
    public void Timeout_Range(int seconds, bool valid)
    {
        var result = _validator.TestValidate(Valid(model => model.TimeoutSeconds = seconds));

        if (valid)
            result.ShouldNotHaveValidationErrorFor(model => model.TimeoutSeconds);
        else
            result.ShouldHaveValidationErrorFor(model => model.TimeoutSeconds).WithErrorMessage("Plugins.Misc.Smtp.Fields.TimeoutSeconds.Invalid");
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(3650, true)]
    [InlineData(-1, false)]
    [InlineData(3651, false)]
    public void Retention_Range(int days, bool valid)
    {
        var result = _validator.TestValidate(Valid(model => model.LogRetentionDays = days));

        if (valid)
            result.ShouldNotHaveValidationErrorFor(model => model.LogRetentionDays);
        else
            result.ShouldHaveValidationErrorFor(model => model.LogRetentionDays).WithErrorMessage("Plugins.Misc.Smtp.Fields.LogRetentionDays.Invalid");
    }

    [Theory]
    [InlineData("0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF", true)]
    [InlineData("01:23:45:67:89:ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89:ab:cd:ef", true)]
    [InlineData("0123456789ABCDEF0123456789ABCDEF01234567", false)]
    [InlineData("0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEG", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Thumbprint_64HexWhenPinned(string thumbprint, bool valid)
    {
        var result = _validator.TestValidate(Valid(model => { model.CertificateCheck = CertificateCheck.Pinned; model.PinnedThumbprint = thumbprint; }));

        if (valid)
            result.ShouldNotHaveValidationErrorFor(model => model.PinnedThumbprint);
        else
            result.ShouldHaveValidationErrorFor(model => model.PinnedThumbprint).WithErrorMessage("Plugins.Misc.Smtp.Fields.PinnedThumbprint.Invalid");
    }

    [Fact]
    public void Thumbprint_IgnoredUnlessPinned()
    {
        _validator.TestValidate(Valid(model => model.PinnedThumbprint = "nonsense")).ShouldNotHaveValidationErrorFor(model => model.PinnedThumbprint);
    }

    [Theory]
    [InlineData("shop.example.com", true)]
    [InlineData("", true)]
    [InlineData("shop example", false)]
    [InlineData("shop.example.com:25", false)]
    public void LocalDomain_IsAHostName(string localDomain, bool valid)
    {
        var result = _validator.TestValidate(Valid(model => model.LocalDomain = localDomain));

        if (valid)
            result.ShouldNotHaveValidationErrorFor(model => model.LocalDomain);
        else
            result.ShouldHaveValidationErrorFor(model => model.LocalDomain);
    }

    [Fact]
    public void ForceFromName_RejectsLineBreaks()
    {
        _validator.TestValidate(Valid(model => model.ForceFromName = "Shop\r\nBcc: x@example.com"))
            .ShouldHaveValidationErrorFor(model => model.ForceFromName);
        _validator.TestValidate(Valid(model => model.ForceFromName = "Bücher & Co."))
            .ShouldNotHaveValidationErrorFor(model => model.ForceFromName);
    }

    [Fact]
    public void UnknownEnumValues_AreRejected()
    {
        var result = _validator.TestValidate(Valid(model =>
        {
            model.Security = (SmtpSecurity)99;
            model.Authentication = (SmtpAuthentication)99;
            model.CertificateCheck = (CertificateCheck)99;
            model.DeveloperMode = (DeveloperMode)99;
        }));

        result.ShouldHaveValidationErrorFor(model => model.Security);
        result.ShouldHaveValidationErrorFor(model => model.Authentication);
        result.ShouldHaveValidationErrorFor(model => model.CertificateCheck);
        result.ShouldHaveValidationErrorFor(model => model.DeveloperMode);
    }

    [Theory]
    [InlineData(465, SmtpSecurity.StartTlsRequired, PortSecurityAdvice.StartTlsOnImplicitTlsPortKey)]
    [InlineData(465, SmtpSecurity.StartTlsWhenAvailable, PortSecurityAdvice.StartTlsOnImplicitTlsPortKey)]
    [InlineData(587, SmtpSecurity.SslOnConnect, PortSecurityAdvice.ImplicitTlsOnSubmissionPortKey)]
    [InlineData(465, SmtpSecurity.SslOnConnect, null)]
    [InlineData(587, SmtpSecurity.StartTlsRequired, null)]
    [InlineData(2525, SmtpSecurity.SslOnConnect, null)]
    public void PortAndSecurity_UnusualPairIsAWarningNotAnError(int port, SmtpSecurity security, string warningKey)
    {
        Assert.Equal(warningKey, PortSecurityAdvice.GetWarningKey(port, security));
        _validator.TestValidate(Valid(model => { model.Port = port; model.Security = security; })).ShouldNotHaveAnyValidationErrors();
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(20, true)]
    [InlineData(0, false)]
    [InlineData(21, false)]
    public void ConnectionsAndParallelSends_Range(int value, bool valid)
    {
        var connections = _validator.TestValidate(Valid(model => model.MaxConnections = value));
        var parallel = _validator.TestValidate(Valid(model => model.MaxParallelSends = value));

        if (valid)
        {
            connections.ShouldNotHaveValidationErrorFor(model => model.MaxConnections);
            parallel.ShouldNotHaveValidationErrorFor(model => model.MaxParallelSends);
        }
        else
        {
            connections.ShouldHaveValidationErrorFor(model => model.MaxConnections).WithErrorMessage("Plugins.Misc.Smtp.Fields.MaxConnections.Invalid");
            parallel.ShouldHaveValidationErrorFor(model => model.MaxParallelSends).WithErrorMessage("Plugins.Misc.Smtp.Fields.MaxParallelSends.Invalid");
        }
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(3600, true)]
    [InlineData(0, false)]
    [InlineData(3601, false)]
    public void IdleTimeout_Range(int seconds, bool valid)
    {
        var result = _validator.TestValidate(Valid(model => model.IdleTimeoutSeconds = seconds));

        if (valid)
            result.ShouldNotHaveValidationErrorFor(model => model.IdleTimeoutSeconds);
        else
            result.ShouldHaveValidationErrorFor(model => model.IdleTimeoutSeconds).WithErrorMessage("Plugins.Misc.Smtp.Fields.IdleTimeoutSeconds.Invalid");
    }
}
