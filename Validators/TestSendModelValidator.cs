using FluentValidation;
using Nop.Plugin.Misc.Smtp.Models;
using Nop.Plugin.Misc.Smtp.Services;
using Nop.Services.Localization;
using Nop.Web.Framework.Validators;

namespace Nop.Plugin.Misc.Smtp.Validators;

/// <summary>
/// The test-send fields: a recipient that is one valid address, and a subject on one line.
/// </summary>
public sealed class TestSendModelValidator : BaseNopValidator<TestSendModel>
{
    public TestSendModelValidator(ILocalizationService localizationService)
    {
        // nopCommerce builds validators synchronously; its own WithMessageAwait blocks on the resource the same way.
        string Text(string key) => localizationService.GetResourceAsync(key).GetAwaiter().GetResult();

        // Must, not NotEmpty: NotEmpty would also be checked in the browser and block saving the settings form, which
        // carries these fields too.
        RuleFor(model => model.Recipient)
            .Must(value => !string.IsNullOrWhiteSpace(value))
            .WithMessage(Text("Plugins.Misc.Smtp.Fields.TestRecipient.Required"));
        RuleFor(model => model.Recipient)
            .Must(MailboxRule.IsMailbox).When(model => !string.IsNullOrEmpty(model.Recipient))
            .WithMessage(Text("Plugins.Misc.Smtp.Validation.InvalidAddress"));
        RuleFor(model => model.Subject)
            .Must(value => !EmailInputGuard.HasControlCharacter(value))
            .WithMessage(Text("Plugins.Misc.Smtp.Validation.ControlCharacter"));
    }
}
