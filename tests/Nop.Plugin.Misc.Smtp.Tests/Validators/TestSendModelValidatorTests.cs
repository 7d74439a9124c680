using FluentValidation.TestHelper;
using Moq;
using Nop.Plugin.Misc.Smtp.Models;
using Nop.Plugin.Misc.Smtp.Validators;
using Nop.Services.Localization;

namespace Nop.Plugin.Misc.Smtp.Tests.Validators;

public class TestSendModelValidatorTests
{
    private readonly TestSendModelValidator _validator;

    public TestSendModelValidatorTests()
    {
        var localization = new Mock<ILocalizationService>();
        localization.Setup(service => service.GetResourceAsync(It.IsAny<string>())).ReturnsAsync((string key) => key);
        _validator = new TestSendModelValidator(localization.Object);
    }

    [Theory]
    [InlineData("admin@example.com", null)]
    [InlineData("", "Plugins.Misc.Smtp.Fields.TestRecipient.Required")]
    [InlineData(null, "Plugins.Misc.Smtp.Fields.TestRecipient.Required")]
    [InlineData("admin", "Plugins.Misc.Smtp.Validation.InvalidAddress")]
    [InlineData("admin@example.com\r\nRCPT TO:<x@example.org>", "Plugins.Misc.Smtp.Validation.InvalidAddress")]
    public void Recipient(string recipient, string error)
    {
        var result = _validator.TestValidate(new TestSendModel { Recipient = recipient });

        if (error == null)
            result.ShouldNotHaveValidationErrorFor(model => model.Recipient);
        else
            result.ShouldHaveValidationErrorFor(model => model.Recipient).WithErrorMessage(error);
    }

    [Theory]
    [InlineData("SMTP test", true)]
    [InlineData(null, true)]
    [InlineData("Test\r\nBcc: x@example.org", false)]
    public void Subject_IsOneLine(string subject, bool valid)
    {
        var result = _validator.TestValidate(new TestSendModel { Recipient = "admin@example.com", Subject = subject });

        if (valid)
            result.ShouldNotHaveValidationErrorFor(model => model.Subject);
        else
            result.ShouldHaveValidationErrorFor(model => model.Subject);
    }
}
