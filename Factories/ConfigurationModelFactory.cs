using Microsoft.AspNetCore.Mvc.Rendering;
using Nop.Core;
using Nop.Core.Domain.Messages;
using Nop.Plugin.Misc.Smtp.Domain;
using Nop.Plugin.Misc.Smtp.Models;
using Nop.Plugin.Misc.Smtp.Services;
using Nop.Plugin.Misc.Smtp.Validators;
using Nop.Services.Localization;
using Nop.Services.Messages;
using Nop.Services.ScheduleTasks;

namespace Nop.Plugin.Misc.Smtp.Factories;

/// <summary>
/// Prepares the configure page's model and copies the form back into settings, keeping the password write-only.
/// </summary>
public sealed class ConfigurationModelFactory
{
    private readonly EmailAccountSettings _emailAccountSettings;
    private readonly IEmailAccountService _emailAccountService;
    private readonly ILocalizationService _localizationService;
    private readonly IScheduleTaskService _scheduleTaskService;
    private readonly IWorkContext _workContext;
    private readonly SmtpSendService _sendService;
    private readonly PasswordProtector _passwordProtector;

    public ConfigurationModelFactory(EmailAccountSettings emailAccountSettings,
        IEmailAccountService emailAccountService,
        ILocalizationService localizationService,
        IScheduleTaskService scheduleTaskService,
        IWorkContext workContext,
        SmtpSendService sendService,
        PasswordProtector passwordProtector)
    {
        _emailAccountSettings = emailAccountSettings;
        _emailAccountService = emailAccountService;
        _localizationService = localizationService;
        _scheduleTaskService = scheduleTaskService;
        _workContext = workContext;
        _sendService = sendService;
        _passwordProtector = passwordProtector;
    }

    /// <summary>
    /// The model for the page: from the stored settings, or the posted form redisplayed. The password is always
    /// emptied; lists, warnings and the test recipient are filled.
    /// </summary>
    public async Task<ConfigurationModel> PrepareConfigurationModelAsync(SmtpSettings settings, ConfigurationModel model = null)
    {
        ArgumentNullException.ThrowIfNull(settings);

        model ??= FromSettings(settings);
        model.Password = string.Empty;
        model.HasPassword = !string.IsNullOrEmpty(settings.ProtectedPassword);
        model.TestSend ??= new TestSendModel();
        if (string.IsNullOrEmpty(model.TestSend.Recipient))
            model.TestSend.Recipient = (await _workContext.GetCurrentCustomerAsync())?.Email;
        if (string.IsNullOrEmpty(model.TestSend.Subject))
            model.TestSend.Subject = await _localizationService.GetResourceAsync("Plugins.Misc.Smtp.TestSend.DefaultSubject");

        model.Presets = SmtpProviderPresets.All;
        model.AvailablePresets = new List<SelectListItem>();
        foreach (var preset in SmtpProviderPresets.All)
        {
            model.AvailablePresets.Add(new SelectListItem(await _localizationService.GetResourceAsync(preset.NameResourceKey), preset.Key,
                string.Equals(preset.Key, model.ProviderPreset, StringComparison.OrdinalIgnoreCase)));
        }

        var emailAccounts = await _emailAccountService.GetAllEmailAccountsAsync();
        model.AvailableEmailAccounts = emailAccounts
            .Select(account => new SelectListItem($"{account.DisplayName} <{account.Email}> ({account.Host}:{account.Port})", account.Id.ToString()))
            .ToList();

        var warningKey = PortSecurityAdvice.GetWarningKey(model.Port, model.Security);
        model.PortSecurityWarning = warningKey == null ? null : await _localizationService.GetResourceAsync(warningKey);
        model.Warnings = await GetDeliveryWarningsAsync(settings, emailAccounts);
        if (!string.IsNullOrWhiteSpace(settings.Host) && !_sendService.TryCreateEndpoint(settings, null, out _, out var problem))
            model.SettingsProblem = problem;

        return model;
    }

    /// <summary>
    /// The password the form means, or null for "the stored one": typed, cleared, or taken from the email account
    /// the import button picked.
    /// </summary>
    public async Task<string> ResolvePasswordAsync(ConfigurationModel model)
    {
        ArgumentNullException.ThrowIfNull(model);

        if (!string.IsNullOrEmpty(model.Password))
            return model.Password;
        if (model.ClearPassword)
            return string.Empty;
        if (model.PasswordFromEmailAccountId > 0)
            return (await _emailAccountService.GetEmailAccountByIdAsync(model.PasswordFromEmailAccountId))?.Password;

        return null;
    }

    /// <summary>
    /// Writes the form into the settings. A blank password keeps the stored one; "clear password" removes it.
    /// </summary>
    public async Task ApplyToSettingsAsync(ConfigurationModel model, SmtpSettings settings)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(settings);

        var password = await ResolvePasswordAsync(model);
        ApplyFields(model, settings);
        if (password != null)
            settings.ProtectedPassword = _passwordProtector.Protect(password);
    }

    /// <summary>
    /// Settings for a test send: the stored ones (password, pool sizes) overlaid with the form's fields.
    /// </summary>
    public static SmtpSettings CreateCandidateSettings(ConfigurationModel model, SmtpSettings stored)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(stored);

        var candidate = new SmtpSettings
        {
            ProtectedPassword = stored.ProtectedPassword
        };
        ApplyFields(model, candidate);
        return candidate;
    }

    /// <summary>
    /// What the test send sends. The sender is the store's default email account, or else the username when it is an
    /// address, or else the recipient; a forced From address in the form overrides it all when the message is built.
    /// </summary>
    public async Task<TestSendRequest> PrepareTestSendRequestAsync(ConfigurationModel model)
    {
        ArgumentNullException.ThrowIfNull(model);

        var test = model.TestSend ?? new TestSendModel();
        var account = await _emailAccountService.GetEmailAccountByIdAsync(_emailAccountSettings.DefaultEmailAccountId);
        var fromAddress = account?.Email;
        if (!EmailInputGuard.IsValidAddress(fromAddress))
            fromAddress = EmailInputGuard.IsValidAddress(model.Username) ? model.Username.Trim() : test.Recipient?.Trim();

        return new TestSendRequest
        {
            Recipient = test.Recipient?.Trim(),
            Subject = string.IsNullOrWhiteSpace(test.Subject)
                ? await _localizationService.GetResourceAsync("Plugins.Misc.Smtp.TestSend.DefaultSubject")
                : test.Subject.Trim(),
            Body = string.IsNullOrWhiteSpace(test.Body)
                ? await _localizationService.GetResourceAsync("Plugins.Misc.Smtp.TestSend.DefaultBody")
                : test.Body,
            FromAddress = fromAddress,
            FromName = account?.DisplayName
        };
    }

    private static ConfigurationModel FromSettings(SmtpSettings settings)
    {
        return new ConfigurationModel
        {
            Enabled = settings.Enabled,
            ProviderPreset = SmtpProviderPresets.Find(settings.ProviderPreset)?.Key ?? SmtpProviderPresets.CustomKey,
            Host = settings.Host,
            Port = settings.Port,
            Security = settings.Security,
            Authentication = settings.Authentication,
            Username = settings.Username,
            TimeoutSeconds = settings.TimeoutSeconds,
            MaxConnections = settings.MaxConnections,
            MaxParallelSends = settings.MaxParallelSends,
            IdleTimeoutSeconds = settings.IdleTimeoutSeconds,
            LocalDomain = settings.LocalDomain,
            CertificateCheck = settings.CertificateCheck,
            PinnedThumbprint = settings.PinnedThumbprint,
            ForceFromAddress = settings.ForceFromAddress,
            ForceFromName = settings.ForceFromName,
            DefaultReplyToAddress = settings.DefaultReplyToAddress,
            ArchiveBccAddress = settings.ArchiveBccAddress,
            DeveloperMode = settings.DeveloperMode,
            RedirectToAddress = settings.RedirectToAddress,
            LogRetentionDays = settings.LogRetentionDays,
            LogMessageBodies = settings.LogMessageBodies
        };
    }

    private static void ApplyFields(ConfigurationModel model, SmtpSettings settings)
    {
        static string Clean(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

        settings.Enabled = model.Enabled;
        settings.ProviderPreset = SmtpProviderPresets.Find(model.ProviderPreset)?.Key ?? SmtpProviderPresets.CustomKey;
        settings.Host = Clean(model.Host);
        settings.Port = model.Port;
        settings.Security = model.Security;
        settings.Authentication = model.Authentication;
        settings.Username = Clean(model.Username);
        settings.TimeoutSeconds = model.TimeoutSeconds;
        settings.MaxConnections = model.MaxConnections;
        settings.MaxParallelSends = model.MaxParallelSends;
        settings.IdleTimeoutSeconds = model.IdleTimeoutSeconds;
        settings.LocalDomain = Clean(model.LocalDomain);
        settings.CertificateCheck = model.CertificateCheck;
        settings.PinnedThumbprint = ServerCertificateValidator.NormalizeThumbprint(model.PinnedThumbprint);
        settings.ForceFromAddress = Clean(model.ForceFromAddress);
        settings.ForceFromName = Clean(model.ForceFromName);
        settings.DefaultReplyToAddress = Clean(model.DefaultReplyToAddress);
        settings.ArchiveBccAddress = Clean(model.ArchiveBccAddress);
        settings.DeveloperMode = model.DeveloperMode;
        settings.RedirectToAddress = Clean(model.RedirectToAddress);
        settings.LogRetentionDays = model.LogRetentionDays;
        settings.LogMessageBodies = model.LogMessageBodies;
    }

    private async Task<IList<string>> GetDeliveryWarningsAsync(SmtpSettings settings, IList<EmailAccount> emailAccounts)
    {
        var keys = new List<string>();
        if (!settings.Enabled)
            keys.Add("Plugins.Misc.Smtp.Warnings.PluginDisabled");

        var sendTask = await _scheduleTaskService.GetTaskByTypeAsync(SmtpDefaults.SendEmailsTaskType);
        if (sendTask is not { Enabled: true })
            keys.Add("Plugins.Misc.Smtp.Warnings.SendEmailsTaskDisabled");

        if (await _emailAccountService.GetEmailAccountByIdAsync(_emailAccountSettings.DefaultEmailAccountId) == null)
            keys.Add("Plugins.Misc.Smtp.Warnings.NoDefaultEmailAccount");

        if (!string.IsNullOrWhiteSpace(settings.Host) && settings.Authentication != SmtpAuthentication.None
            && string.IsNullOrEmpty(settings.ProtectedPassword))
        {
            keys.Add("Plugins.Misc.Smtp.Warnings.NoPassword");
        }

        var warnings = new List<string>();
        foreach (var key in keys)
            warnings.Add(await _localizationService.GetResourceAsync(key));

        // nopCommerce 4.90 installs its first email account with a limit of 0, which the "Send emails" task obeys.
        foreach (var account in emailAccounts.Where(account => account.MaxNumberOfEmails <= 0))
        {
            warnings.Add(string.Format(await _localizationService.GetResourceAsync("Plugins.Misc.Smtp.Warnings.NoEmailsPerRun"),
                account.DisplayName, account.Email, account.MaxNumberOfEmails));
        }

        if (MailLibraryVersions.IsOlderThan(MailLibraryVersions.MimeKit, SmtpDefaults.FixedMimeKitVersion))
        {
            warnings.Add(string.Format(await _localizationService.GetResourceAsync("Plugins.Misc.Smtp.Warnings.OldMimeKit"),
                MailLibraryVersions.MimeKit, SmtpDefaults.FixedMimeKitVersion));
        }

        if (MailLibraryVersions.IsOlderThan(MailLibraryVersions.MailKit, SmtpDefaults.FixedMailKitVersion))
        {
            warnings.Add(string.Format(await _localizationService.GetResourceAsync("Plugins.Misc.Smtp.Warnings.OldMailKit"),
                MailLibraryVersions.MailKit, SmtpDefaults.FixedMailKitVersion));
        }

        return warnings;
    }
}
