namespace Nop.Plugin.Misc.Smtp;

/// <summary>
/// Names and keys the plugin uses in more than one place.
/// </summary>
public static class SmtpDefaults
{
    /// <summary>
    /// The plugin's system name, as in plugin.json.
    /// </summary>
    public const string SystemName = "Misc.Smtp";

    /// <summary>
    /// The prefix of every locale resource the plugin installs; uninstall deletes by it.
    /// </summary>
    public const string ResourcePrefix = "Plugins.Misc.Smtp";

    /// <summary>
    /// The prefix of the locale resources of the plugin's enums (Enums.&lt;full type name&gt;.&lt;value&gt;).
    /// </summary>
    public const string EnumResourcePrefix = "Enums.Nop.Plugin.Misc.Smtp";

    /// <summary>
    /// The folder the plugin is deployed to under Nop.Web/Plugins.
    /// </summary>
    public const string PluginPath = "~/Plugins/Misc.Smtp";

    /// <summary>
    /// The configure page's view.
    /// </summary>
    public const string ConfigureView = "~/Plugins/Misc.Smtp/Views/Configure.cshtml";

    /// <summary>
    /// The type of nopCommerce's "Send emails" schedule task, which drains the queued email table.
    /// </summary>
    public const string SendEmailsTaskType = "Nop.Services.Messages.QueuedMessagesSendTask, Nop.Services";

    /// <summary>
    /// How many test sends one admin may start within <see cref="TestSendWindow"/>.
    /// </summary>
    public const int TestSendsPerWindow = 5;

    /// <summary>
    /// The sliding window of the test-send limit.
    /// </summary>
    public static readonly TimeSpan TestSendWindow = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The first MimeKit without the SMTP injection through CR/LF in a quoted local part.
    /// </summary>
    public static readonly Version FixedMimeKitVersion = new(4, 15, 1);

    /// <summary>
    /// The first MailKit without the STARTTLS response injection.
    /// </summary>
    public static readonly Version FixedMailKitVersion = new(4, 16, 0);

    /// <summary>
    /// The Data Protection purpose that encrypts the SMTP password at rest.
    /// </summary>
    public const string PasswordProtectionPurpose = "Nop.Plugin.Misc.Smtp.Password.v1";

    /// <summary>
    /// A connection idle for longer than this is checked with NOOP before it carries a message.
    /// </summary>
    public static readonly TimeSpan NoOpCheckAfter = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The plugin's own permission, granted to Administrators on install. Every admin action also accepts
    /// nopCommerce's "Manage plugins".
    /// </summary>
    public const string ManagePermission = "Plugins.Misc.Smtp.Manage";

    /// <summary>
    /// The send log's list page.
    /// </summary>
    public const string LogListView = "~/Plugins/Misc.Smtp/Views/Log/List.cshtml";

    /// <summary>
    /// The send log's details page.
    /// </summary>
    public const string LogDetailsView = "~/Plugins/Misc.Smtp/Views/Log/Details.cshtml";

    /// <summary>
    /// The admin menu item of the send log, placed after nopCommerce's "Queued emails".
    /// </summary>
    public const string LogMenuSystemName = "Misc.Smtp.Log";

    /// <summary>
    /// The schedule task that deletes old send log entries, as nopCommerce stores its type.
    /// </summary>
    public const string LogRetentionTaskType = "Nop.Plugin.Misc.Smtp.Services.LogRetentionTask, Nop.Plugin.Misc.Smtp";

    /// <summary>
    /// The schedule task's name in the admin's task list.
    /// </summary>
    public const string LogRetentionTaskName = "SMTP send log cleanup";

    /// <summary>
    /// How often the retention task runs: daily.
    /// </summary>
    public const int LogRetentionTaskPeriodSeconds = 24 * 60 * 60;
}
