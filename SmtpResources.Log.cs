namespace Nop.Plugin.Misc.Smtp;

public static partial class SmtpResources
{
    /// <summary>
    /// Texts of the send log pages.
    /// </summary>
    private static IReadOnlyDictionary<string, string> Log => new Dictionary<string, string>
    {
        ["Plugins.Misc.Smtp.Log.MenuTitle"] = "SMTP send log",
        ["Plugins.Misc.Smtp.Log.Title"] = "SMTP send log",
        ["Plugins.Misc.Smtp.Log.Details.Title"] = "Send log entry",
        ["Plugins.Misc.Smtp.Log.BackToList"] = "back to the send log",
        ["Plugins.Misc.Smtp.Log.OpenFromConfigure"] = "Open the send log",
        ["Plugins.Misc.Smtp.Log.Search.Status"] = "Status",
        ["Plugins.Misc.Smtp.Log.Search.Status.Hint"] = "Only emails with this outcome.",
        ["Plugins.Misc.Smtp.Log.Search.Status.All"] = "All",
        ["Plugins.Misc.Smtp.Log.Search.CreatedFrom"] = "From date",
        ["Plugins.Misc.Smtp.Log.Search.CreatedFrom.Hint"] = "Only emails sent on or after this day.",
        ["Plugins.Misc.Smtp.Log.Search.CreatedTo"] = "To date",
        ["Plugins.Misc.Smtp.Log.Search.CreatedTo.Hint"] = "Only emails sent on or before this day.",
        ["Plugins.Misc.Smtp.Log.Search.Text"] = "Recipient or subject",
        ["Plugins.Misc.Smtp.Log.Search.Text.Hint"] = "Only emails whose To, Cc or Bcc address or subject contains this text.",
        ["Plugins.Misc.Smtp.Log.Columns.CreatedOn"] = "Time",
        ["Plugins.Misc.Smtp.Log.Columns.Status"] = "Status",
        ["Plugins.Misc.Smtp.Log.Columns.To"] = "To",
        ["Plugins.Misc.Smtp.Log.Columns.Subject"] = "Subject",
        ["Plugins.Misc.Smtp.Log.Columns.From"] = "From",
        ["Plugins.Misc.Smtp.Log.Columns.DurationMs"] = "Duration (ms)",
        ["Plugins.Misc.Smtp.Log.Columns.ServerReply"] = "Server reply",
        ["Plugins.Misc.Smtp.Log.Fields.CreatedOn"] = "Time",
        ["Plugins.Misc.Smtp.Log.Fields.CreatedOn.Hint"] = "When the email was sent or failed, in your time zone (UTC in brackets).",
        ["Plugins.Misc.Smtp.Log.Fields.Status"] = "Status",
        ["Plugins.Misc.Smtp.Log.Fields.Status.Hint"] = "What became of the email.",
        ["Plugins.Misc.Smtp.Log.Fields.From"] = "From",
        ["Plugins.Misc.Smtp.Log.Fields.From.Hint"] = "The sender as written in the email.",
        ["Plugins.Misc.Smtp.Log.Fields.To"] = "To",
        ["Plugins.Misc.Smtp.Log.Fields.To.Hint"] = "The recipient.",
        ["Plugins.Misc.Smtp.Log.Fields.ReplyTo"] = "Reply-To",
        ["Plugins.Misc.Smtp.Log.Fields.ReplyTo.Hint"] = "Where replies go, if set.",
        ["Plugins.Misc.Smtp.Log.Fields.Cc"] = "Cc",
        ["Plugins.Misc.Smtp.Log.Fields.Cc.Hint"] = "Copy recipients and their number.",
        ["Plugins.Misc.Smtp.Log.Fields.Bcc"] = "Bcc",
        ["Plugins.Misc.Smtp.Log.Fields.Bcc.Hint"] = "Blind copy recipients and their number.",
        ["Plugins.Misc.Smtp.Log.Fields.Subject"] = "Subject",
        ["Plugins.Misc.Smtp.Log.Fields.Subject.Hint"] = "The email's subject.",
        ["Plugins.Misc.Smtp.Log.Fields.Attachment"] = "Attachment",
        ["Plugins.Misc.Smtp.Log.Fields.Attachment.Hint"] = "The attached file or download, if any.",
        ["Plugins.Misc.Smtp.Log.Fields.SizeBytes"] = "Size (bytes)",
        ["Plugins.Misc.Smtp.Log.Fields.SizeBytes.Hint"] = "The size of the message as transmitted; 0 when nothing was transmitted.",
        ["Plugins.Misc.Smtp.Log.Fields.DurationMs"] = "Duration (ms)",
        ["Plugins.Misc.Smtp.Log.Fields.DurationMs.Hint"] = "How long sending took, in milliseconds.",
        ["Plugins.Misc.Smtp.Log.Fields.Server"] = "Server",
        ["Plugins.Misc.Smtp.Log.Fields.Server.Hint"] = "The SMTP server (host:port).",
        ["Plugins.Misc.Smtp.Log.Fields.ServerReply"] = "Server reply",
        ["Plugins.Misc.Smtp.Log.Fields.ServerReply.Hint"] = "The server's final reply: code and text.",
        ["Plugins.Misc.Smtp.Log.Fields.QueueId"] = "Server queue id",
        ["Plugins.Misc.Smtp.Log.Fields.QueueId.Hint"] = "The id the server gave the message, for searching its logs.",
        ["Plugins.Misc.Smtp.Log.Fields.FailureReason"] = "Failure reason",
        ["Plugins.Misc.Smtp.Log.Fields.FailureReason.Hint"] = "Which step of sending failed.",
        ["Plugins.Misc.Smtp.Log.Fields.Error"] = "Error",
        ["Plugins.Misc.Smtp.Log.Fields.Error.Hint"] = "Why sending failed.",
        ["Plugins.Misc.Smtp.Log.Fields.Notes"] = "Notes",
        ["Plugins.Misc.Smtp.Log.Fields.Notes.Hint"] = "Anything the plugin changed or skipped while building the email.",
        ["Plugins.Misc.Smtp.Log.Fields.Attempt"] = "Attempt",
        ["Plugins.Misc.Smtp.Log.Fields.Attempt.Hint"] = "Which try this was.",
        ["Plugins.Misc.Smtp.Log.Fields.IsTest"] = "Test email",
        ["Plugins.Misc.Smtp.Log.Fields.IsTest.Hint"] = "Whether this was a test email sent from the configure page.",
        ["Plugins.Misc.Smtp.Log.Fields.QueuedEmailId"] = "Queued email",
        ["Plugins.Misc.Smtp.Log.Fields.QueuedEmailId.Hint"] = "The id of nopCommerce's queued email this entry is about.",
        ["Plugins.Misc.Smtp.Log.Fields.Transcript"] = "SMTP transcript",
        ["Plugins.Misc.Smtp.Log.Fields.Transcript.Hint"] = "The conversation with the server, passwords removed. Kept for failures and test emails.",
        ["Plugins.Misc.Smtp.Log.Fields.Body"] = "Body",
        ["Plugins.Misc.Smtp.Log.Fields.Body.Hint"] = "The email's body, kept only when the settings allow it. Shown with scripts and links disabled.",
        ["Plugins.Misc.Smtp.Log.Body.NotStored"] = "The body is not stored. Turn on \"Keep message bodies\" in the settings to keep the bodies of future emails.",
        ["Plugins.Misc.Smtp.Log.Transcript.None"] = "No transcript was kept for this email.",
        ["Plugins.Misc.Smtp.Log.Yes"] = "Yes",
        ["Plugins.Misc.Smtp.Log.No"] = "No",
        ["Plugins.Misc.Smtp.Log.Resend"] = "Resend",
        ["Plugins.Misc.Smtp.Log.Resend.Requeued"] = "A copy of the queued email was added to the message queue.",
        ["Plugins.Misc.Smtp.Log.Resend.Sent"] = "The email was sent again.",
        ["Plugins.Misc.Smtp.Log.Resend.BodyNotStored"] = "This email cannot be resent: its queued email no longer exists and message bodies are not stored.",
        ["Plugins.Misc.Smtp.Log.Resend.Failed"] = "The email could not be resent: {0}",
        ["Plugins.Misc.Smtp.Log.Delete"] = "Delete",
        ["Plugins.Misc.Smtp.Log.Deleted"] = "The send log entry was deleted.",
        ["Plugins.Misc.Smtp.Log.DeleteSelected"] = "Delete selected",
        ["Plugins.Misc.Smtp.Log.ClearAll"] = "Clear log",
        ["Plugins.Misc.Smtp.Log.ClearAll.Confirm"] = "This deletes every entry of the send log.",
        ["Plugins.Misc.Smtp.Log.ExportCsv"] = "Export to CSV",
        ["Plugins.Misc.Smtp.Log.ExportCsv.Hint"] = "Downloads the entries that match the search above.",
        ["Plugins.Misc.Smtp.Log.Failed"] = "The request failed. Reload the page and try again.",
        ["Enums.Nop.Plugin.Misc.Smtp.Domain.SendStatus.Sent"] = "Sent",
        ["Enums.Nop.Plugin.Misc.Smtp.Domain.SendStatus.Failed"] = "Failed",
        ["Enums.Nop.Plugin.Misc.Smtp.Domain.SendStatus.Redirected"] = "Redirected (developer mode)",
        ["Enums.Nop.Plugin.Misc.Smtp.Domain.SendStatus.LoggedOnly"] = "Logged only (developer mode)",
        ["Enums.Nop.Plugin.Misc.Smtp.Domain.SendStatus.Unknown"] = "Unknown: the connection broke before the server confirmed"
    };

    /// <summary>
    /// The name nopCommerce shows for the plugin's permission. Its key lives outside the plugin's prefix, so it is
    /// installed on its own and removed with the permission.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Permissions { get; } = new Dictionary<string, string>
    {
        [$"Security.Permission.{SmtpDefaults.ManagePermission}"] = "Manage SMTP plugin"
    };
}
