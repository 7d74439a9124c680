using Nop.Core.Domain.Messages;
using Nop.Services.Logging;
using Nop.Services.Messages;

namespace Nop.Plugin.Misc.Smtp.Services;

/// <summary>
/// The store's <see cref="IEmailSender"/> once the plugin is installed: every email nopCommerce sends (the queue,
/// campaign tests, the Email accounts page's test) goes through the plugin's MailKit transport. The SMTP fields of
/// the email account are ignored; its address and name still arrive as from and from name.
/// </summary>
public sealed class SmtpEmailSender : IEmailSender
{
    private readonly SmtpSettings _settings;
    private readonly SmtpSendService _sendService;
    private readonly NopEmailSender _nopEmailSender;
    private readonly ILogger _logger;
    private readonly SettingsProblemReporter _problemReporter;

    public SmtpEmailSender(SmtpSettings settings, SmtpSendService sendService, NopEmailSender nopEmailSender, ILogger logger,
        SettingsProblemReporter problemReporter)
    {
        _settings = settings;
        _sendService = sendService;
        _nopEmailSender = nopEmailSender;
        _logger = logger;
        _problemReporter = problemReporter;
    }

    public async Task SendEmailAsync(EmailAccount emailAccount, string subject, string body,
        string fromAddress, string fromName, string toAddress, string toName,
        string replyToAddress = null, string replyToName = null,
        IEnumerable<string> bcc = null, IEnumerable<string> cc = null,
        string attachmentFilePath = null, string attachmentFileName = null,
        int attachedDownloadId = 0, IDictionary<string, string> headers = null)
    {
        SmtpEndpoint endpoint = null;
        string problem = null;
        if (!SmtpSendService.IsActive(_settings) || !_sendService.TryCreateEndpoint(_settings, null, out endpoint, out problem))
        {
            if (problem != null)
                await _problemReporter.ReportAsync(_logger, problem);

            await _nopEmailSender.Sender.SendEmailAsync(emailAccount, subject, body, fromAddress, fromName, toAddress, toName,
                replyToAddress, replyToName, bcc, cc, attachmentFilePath, attachmentFileName, attachedDownloadId, headers);
            return;
        }

        var request = new EmailRequest
        {
            Subject = subject,
            Body = body,
            FromAddress = fromAddress,
            FromName = fromName,
            ToAddress = toAddress,
            ToName = toName,
            ReplyToAddress = replyToAddress,
            ReplyToName = replyToName,
            Bcc = bcc?.ToList() ?? [],
            Cc = cc?.ToList() ?? [],
            AttachmentFilePath = attachmentFilePath,
            AttachmentFileName = attachmentFileName,
            AttachedDownloadId = attachedDownloadId,
            Headers = headers?.ToDictionary(pair => pair.Key, pair => pair.Value)
        };

        _problemReporter.Clear();
        await _sendService.SendAsync(request, _settings, endpoint, new SendOptions(), CancellationToken.None);
    }
}
