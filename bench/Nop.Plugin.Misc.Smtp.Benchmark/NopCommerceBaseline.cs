using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using MimeKit.Text;

namespace Nop.Plugin.Misc.Smtp.Benchmark;

/// <summary>
/// A re-creation, written for this benchmark, of what nopCommerce 4.90 does for each queued email (EmailSender plus
/// SmtpBuilder): build the message (a file attachment read whole into memory), then a new MailKit SmtpClient with
/// default socket options, connect with StartTlsWhenAvailable, accept any certificate, AUTH with
/// SaslMechanismLogin, send, QUIT, dispose. One email after another, as its queue task sends them.
/// </summary>
public static class NopCommerceBaseline
{
    public static async Task SendAsync(int port, Email email, string username, string password)
    {
        var message = await BuildMessageAsync(email);

        using var client = new SmtpClient { ServerCertificateValidationCallback = (_, _, _, _) => true };
        await client.ConnectAsync("127.0.0.1", port, SecureSocketOptions.StartTlsWhenAvailable);
        await client.AuthenticateAsync(new SaslMechanismLogin(username, password));
        await client.SendAsync(message);
        await client.DisconnectAsync(true);
    }

    /// <summary>
    /// The message as nopCommerce's EmailSender builds it.
    /// </summary>
    public static async Task<MimeMessage> BuildMessageAsync(Email email)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(email.FromName, email.From));
        message.To.Add(new MailboxAddress(email.ToName, email.To));
        message.Subject = email.Subject;
        var multipart = new Multipart("mixed") { new TextPart(TextFormat.Html) { Text = email.Body } };
        if (email.AttachmentPath != null && File.Exists(email.AttachmentPath))
        {
            var bytes = await File.ReadAllBytesAsync(email.AttachmentPath);
            var name = Path.GetFileName(email.AttachmentPath);
            if (!ContentType.TryParse(MimeTypes.GetMimeType(name), out var contentType))
                contentType = new ContentType("application", "octet-stream");
            multipart.Add(new MimePart(contentType)
            {
                FileName = name,
                Content = new MimeContent(new MemoryStream(bytes)),
                ContentDisposition = new ContentDisposition
                {
                    CreationDate = File.GetCreationTime(email.AttachmentPath),
                    ModificationDate = File.GetLastWriteTime(email.AttachmentPath),
                    ReadDate = File.GetLastAccessTime(email.AttachmentPath)
                },
                ContentTransferEncoding = ContentEncoding.Base64
            });
        }

        message.Body = multipart;
        return message;
    }
}
