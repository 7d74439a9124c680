using FluentValidation;
using Nop.Plugin.Misc.Smtp.Domain;
using Nop.Plugin.Misc.Smtp.Models;
using Nop.Plugin.Misc.Smtp.Services;
using Nop.Services.Localization;
using Nop.Web.Framework.Validators;

namespace Nop.Plugin.Misc.Smtp.Validators;

/// <summary>
/// The configure form's rules. Synchronous and without I/O; the same rules as <see cref="SmtpSettingsRules"/>, which
/// checks stored settings before a send.
/// </summary>
public sealed class ConfigurationModelValidator : BaseNopValidator<ConfigurationModel>
{
    public ConfigurationModelValidator(ILocalizationService localizationService)
    {
        // nopCommerce builds validators synchronously; its own WithMessageAwait blocks on the resource the same way.
        string Text(string key) => localizationService.GetResourceAsync(key).GetAwaiter().GetResult();

        RuleFor(model => model.Host)
            .NotEmpty().When(model => model.Enabled)
            .WithMessage(Text("Plugins.Misc.Smtp.Fields.Host.Required"));
        RuleFor(model => model.Host)
            .Must(SmtpSettingsRules.IsValidHost).When(model => !string.IsNullOrEmpty(model.Host))
            .WithMessage(Text("Plugins.Misc.Smtp.Fields.Host.Invalid"));

        RuleFor(model => model.Port)
            .InclusiveBetween(1, 65535)
            .WithMessage(Text("Plugins.Misc.Smtp.Fields.Port.Invalid"));

        RuleFor(model => model.Security).IsInEnum().WithMessage(Text("Plugins.Misc.Smtp.Validation.UnknownOption"));
        RuleFor(model => model.Authentication).IsInEnum().WithMessage(Text("Plugins.Misc.Smtp.Validation.UnknownOption"));
        RuleFor(model => model.CertificateCheck).IsInEnum().WithMessage(Text("Plugins.Misc.Smtp.Validation.UnknownOption"));
        RuleFor(model => model.DeveloperMode).IsInEnum().WithMessage(Text("Plugins.Misc.Smtp.Validation.UnknownOption"));

        RuleFor(model => model.Username)
            .NotEmpty().When(model => model.Authentication != SmtpAuthentication.None)
            .WithMessage(Text("Plugins.Misc.Smtp.Fields.Username.Required"));
        RuleFor(model => model.Username)
            .Must(value => !EmailInputGuard.HasControlCharacter(value))
            .WithMessage(Text("Plugins.Misc.Smtp.Validation.ControlCharacter"));

        RuleFor(model => model.TimeoutSeconds)
            .InclusiveBetween(SmtpSettingsRules.MinTimeoutSeconds, SmtpSettingsRules.MaxTimeoutSeconds)
            .WithMessage(Text("Plugins.Misc.Smtp.Fields.TimeoutSeconds.Invalid"));

        RuleFor(model => model.MaxConnections)
            .InclusiveBetween(1, SmtpSettingsRules.MaxConnectionsLimit)
            .WithMessage(Text("Plugins.Misc.Smtp.Fields.MaxConnections.Invalid"));
        RuleFor(model => model.MaxParallelSends)
            .InclusiveBetween(1, SmtpSettingsRules.MaxConnectionsLimit)
            .WithMessage(Text("Plugins.Misc.Smtp.Fields.MaxParallelSends.Invalid"));
        RuleFor(model => model.IdleTimeoutSeconds)
            .InclusiveBetween(1, SmtpSettingsRules.MaxIdleTimeoutSeconds)
            .WithMessage(Text("Plugins.Misc.Smtp.Fields.IdleTimeoutSeconds.Invalid"));

        RuleFor(model => model.LocalDomain)
            .Must(SmtpSettingsRules.IsValidHost).When(model => !string.IsNullOrEmpty(model.LocalDomain))
            .WithMessage(Text("Plugins.Misc.Smtp.Fields.LocalDomain.Invalid"));

        RuleFor(model => model.PinnedThumbprint)
            .Must(SmtpSettingsRules.IsValidThumbprint).When(model => model.CertificateCheck == CertificateCheck.Pinned)
            .WithMessage(Text("Plugins.Misc.Smtp.Fields.PinnedThumbprint.Invalid"));

        RuleFor(model => model.ForceFromAddress)
            .Must(MailboxRule.IsMailbox).When(model => !string.IsNullOrEmpty(model.ForceFromAddress))
            .WithMessage(Text("Plugins.Misc.Smtp.Validation.InvalidAddress"));
        RuleFor(model => model.ForceFromName)
            .Must(value => !EmailInputGuard.HasControlCharacter(value))
            .WithMessage(Text("Plugins.Misc.Smtp.Validation.ControlCharacter"));
        RuleFor(model => model.DefaultReplyToAddress)
            .Must(MailboxRule.IsMailbox).When(model => !string.IsNullOrEmpty(model.DefaultReplyToAddress))
            .WithMessage(Text("Plugins.Misc.Smtp.Validation.InvalidAddress"));
        RuleFor(model => model.ArchiveBccAddress)
            .Must(MailboxRule.IsMailbox).When(model => !string.IsNullOrEmpty(model.ArchiveBccAddress))
            .WithMessage(Text("Plugins.Misc.Smtp.Validation.InvalidAddress"));

        RuleFor(model => model.RedirectToAddress)
            .NotEmpty().When(model => model.DeveloperMode == DeveloperMode.Redirect)
            .WithMessage(Text("Plugins.Misc.Smtp.Fields.RedirectToAddress.Required"));
        RuleFor(model => model.RedirectToAddress)
            .Must(MailboxRule.IsMailbox).When(model => !string.IsNullOrEmpty(model.RedirectToAddress))
            .WithMessage(Text("Plugins.Misc.Smtp.Validation.InvalidAddress"));

        RuleFor(model => model.LogRetentionDays)
            .InclusiveBetween(0, SmtpSettingsRules.MaxRetentionDays)
            .WithMessage(Text("Plugins.Misc.Smtp.Fields.LogRetentionDays.Invalid"));
    }
}
