using System.Text;
using MimeKit;
using MimeKit.Text;
using Nop.Core.Infrastructure;
using Nop.Plugin.Misc.Smtp.Domain;
using Nop.Services.Media;

namespace Nop.Plugin.Misc.Smtp.Services;

/// <summary>
/// Builds the MimeMessage for an <see cref="EmailRequest"/> with the meaning nopCommerce 4.90's EmailSender gives every
/// parameter, after <see cref="EmailInputGuard"/> has checked it, and applies the plugin's sender, archive and
/// developer-mode settings.
/// </summary>
public sealed class EmailMessageBuilder
{
    /// <summary>
    /// The header that lists the original recipients of a redirected email.
    /// </summary>
    public const string OriginalRecipientsHeader = "X-Smtp-Plugin-Original-Recipients";

    // Headers that carry addresses, or that MimeKit derives from the message's structure: a custom header of these
    // names would add recipients (Bcc, even past developer mode's redirect), a second sender or a broken body.
    private static readonly HashSet<string> _reservedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "From", "Sender", "Reply-To", "To", "Cc", "Bcc", "Subject", "Date", "Message-Id", "MIME-Version",
        "Content-Type", "Content-Transfer-Encoding", "Content-Disposition", "Content-Id", "Return-Path",
        "Resent-From", "Resent-Sender", "Resent-To", "Resent-Cc", "Resent-Bcc", "Resent-Date", "Resent-Message-Id",
        "Resent-Reply-To", OriginalRecipientsHeader
    };

    private readonly IDownloadService _downloadService;
    private readonly INopFileProvider _fileProvider;

    public EmailMessageBuilder(IDownloadService downloadService, INopFileProvider fileProvider)
    {
        _downloadService = downloadService;
        _fileProvider = fileProvider;
    }

    /// <summary>
    /// The sender the email goes out with: the settings' "Always send from" address and name when set, otherwise the
    /// email's own.
    /// </summary>
    public static (string Address, string Name) EffectiveFrom(EmailRequest request, SmtpSettings settings)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(settings);

        if (string.IsNullOrWhiteSpace(settings.ForceFromAddress))
            return (request.FromAddress, request.FromName);

        return (settings.ForceFromAddress, string.IsNullOrWhiteSpace(settings.ForceFromName) ? request.FromName : settings.ForceFromName);
    }

    public async Task<BuiltMessage> BuildAsync(EmailRequest request, SmtpSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(settings);

        var notes = new List<string>();
        var message = new MimeMessage();

        var (fromAddress, fromName) = EffectiveFrom(request, settings);
        message.From.Add(EmailInputGuard.ParseMailbox(fromAddress, fromName, "From"));
        if (!string.IsNullOrWhiteSpace(request.FromAddress) && !string.Equals(fromAddress, request.FromAddress, StringComparison.OrdinalIgnoreCase))
            notes.Add($"From replaced by \"Always send from\": the email asked for {request.FromAddress}.");

        var to = EmailInputGuard.ParseMailbox(request.ToAddress, request.ToName, "To");
        var cc = ParseList(request.Cc, "Cc");
        var bcc = ParseList(request.Bcc, "Bcc");
        if (!string.IsNullOrWhiteSpace(settings.ArchiveBccAddress))
            bcc.Add(EmailInputGuard.ParseMailbox(settings.ArchiveBccAddress, null, "archive Bcc"));

        if (settings.DeveloperMode == DeveloperMode.Redirect)
        {
            var original = string.Join(", ", new[] { to }.Concat(cc).Concat(bcc).Select(mailbox => mailbox.Address));
            message.Headers.Add(OriginalRecipientsHeader, original);
            message.To.Add(EmailInputGuard.ParseMailbox(settings.RedirectToAddress, null, "redirect"));
            notes.Add($"Redirected by developer mode; original recipients: {original}");
        }
        else
        {
            message.To.Add(to);
            message.Cc.AddRange(cc);
            message.Bcc.AddRange(bcc);
        }

        if (!string.IsNullOrEmpty(request.ReplyToAddress))
            message.ReplyTo.Add(EmailInputGuard.ParseMailbox(request.ReplyToAddress, request.ReplyToName, "Reply-To"));
        else if (!string.IsNullOrWhiteSpace(settings.DefaultReplyToAddress))
            message.ReplyTo.Add(EmailInputGuard.ParseMailbox(settings.DefaultReplyToAddress, null, "default Reply-To"));

        EmailInputGuard.EnsureSingleLine(request.Subject, "subject");
        message.Subject = request.Subject ?? string.Empty;

        if (request.Headers != null)
        {
            foreach (var (name, value) in request.Headers)
            {
                if (!EmailInputGuard.IsValidHeaderName(name))
                {
                    notes.Add($"Custom header skipped: \"{name}\" is not a valid header name.");
                    continue;
                }

                if (_reservedHeaders.Contains(name))
                {
                    notes.Add($"Custom header skipped: \"{name}\" is set from the email's own fields.");
                    continue;
                }

                EmailInputGuard.EnsureSingleLine(value, $"value of header {name}");
                message.Headers.Add(name, value ?? string.Empty);
                if (LooksEncoded(value))
                    message.Headers.Last().SetRawValue(EncodeWords(value, null));
            }
        }

        EncodeLookalikeText(message);

        var html = new TextPart(TextFormat.Html) { Text = request.Body ?? string.Empty };
        var attachments = new List<MimePart>();
        var disposables = new List<IDisposable>();

        if (!string.IsNullOrEmpty(request.AttachmentFilePath))
        {
            if (_fileProvider.FileExists(request.AttachmentFilePath))
            {
                var fileName = string.IsNullOrWhiteSpace(request.AttachmentFileName)
                    ? Path.GetFileName(request.AttachmentFilePath)
                    : request.AttachmentFileName;
                EmailInputGuard.EnsureSingleLine(fileName, "attachment file name");

                // Streamed from disk while MailKit writes the message, instead of read into memory first.
                var stream = new FileStream(request.AttachmentFilePath, FileMode.Open, FileAccess.Read, FileShare.Read,
                    bufferSize: 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
                disposables.Add(stream);
                var info = new FileInfo(request.AttachmentFilePath);
                attachments.Add(CreateAttachment(fileName, stream, info.CreationTimeUtc, info.LastWriteTimeUtc, info.LastAccessTimeUtc));
            }
            else
            {
                notes.Add($"Attachment skipped: file \"{request.AttachmentFilePath}\" does not exist.");
            }
        }

        if (request.AttachedDownloadId > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var download = await _downloadService.GetDownloadByIdAsync(request.AttachedDownloadId);
            if (download == null)
            {
                notes.Add($"Attachment skipped: download {request.AttachedDownloadId} does not exist.");
            }
            else if (download.UseDownloadUrl)
            {
                // nopCommerce does not attach downloads that are only a URL either.
                notes.Add($"Attachment skipped: download {request.AttachedDownloadId} is a URL.");
            }
            else
            {
                var fileName = $"{(string.IsNullOrWhiteSpace(download.Filename) ? download.Id.ToString() : download.Filename)}{download.Extension}";
                EmailInputGuard.EnsureSingleLine(fileName, "attachment file name");
                var now = DateTime.UtcNow;
                attachments.Add(CreateAttachment(fileName, new MemoryStream(download.DownloadBinary ?? [], writable: false), now, now, now));
            }
        }

        if (attachments.Count == 0)
        {
            message.Body = html;
        }
        else
        {
            var mixed = new Multipart("mixed") { html };
            foreach (var attachment in attachments)
                mixed.Add(attachment);
            message.Body = mixed;
        }

        return new BuiltMessage(message, notes, disposables);
    }

    private static List<MailboxAddress> ParseList(IEnumerable<string> addresses, string field)
    {
        return (addresses ?? [])
            .Where(address => !string.IsNullOrWhiteSpace(address))
            .Select(address => EmailInputGuard.ParseMailbox(address, null, field))
            .ToList();
    }

    private static bool NeedsWholeNameEncoding(string name)
    {
        return !string.IsNullOrEmpty(name)
            && (LooksEncoded(name) || name.Contains("  ", StringComparison.Ordinal) || name.Contains('\t')
                || name.IndexOfAny(['(', ')', '"', '\\']) >= 0);
    }

    private static bool LooksEncoded(string text)
    {
        return text != null && text.Contains("=?", StringComparison.Ordinal);
    }

    // MimeKit writes text that merely looks like an RFC 2047 encoded word ("=?utf-8?B?SGk=?=") as it is, and every
    // reader then decodes it, so the recipient would see other text than the store sent. Such text is sent encoded.
    private static void EncodeLookalikeText(MimeMessage message)
    {
        if (LooksEncoded(message.Subject))
            message.Headers.First(header => header.Id == HeaderId.Subject).SetRawValue(EncodeWords(message.Subject, null));

        foreach (var (id, list) in new[] { (HeaderId.From, message.From), (HeaderId.To, message.To), (HeaderId.ReplyTo, message.ReplyTo) })
        {
            // MimeKit also collapses runs of white space in a display name, and next to parentheses, quotes or
            // backslashes its encoding of non-ASCII text reads back with a space added; base64 words keep the name.
            if (list.Count != 1 || list[0] is not MailboxAddress mailbox || !NeedsWholeNameEncoding(mailbox.Name))
                continue;

            var address = new MailboxAddress(string.Empty, mailbox.Address).ToString(FormatOptions.Default, true);
            message.Headers.First(header => header.Id == id).SetRawValue(EncodeWords(mailbox.Name, $" <{address}>"));
        }
    }

    /// <summary>
    /// A raw header value of base64 UTF-8 encoded words (at most 75 characters each, whole characters only), folded,
    /// followed by an optional suffix such as an angle-bracketed address.
    /// </summary>
    private static byte[] EncodeWords(string text, string suffix)
    {
        const int maxBytesPerWord = 39;
        var newLine = FormatOptions.Default.NewLineFormat == NewLineFormat.Dos ? "\r\n" : "\n";
        var words = new List<string>();
        var chunk = new StringBuilder();
        var chunkBytes = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var element = char.IsHighSurrogate(text[i]) && i + 1 < text.Length ? text.Substring(i++, 2) : text[i].ToString();
            var elementBytes = Encoding.UTF8.GetByteCount(element);
            if (chunkBytes + elementBytes > maxBytesPerWord)
            {
                words.Add(chunk.ToString());
                chunk.Clear();
                chunkBytes = 0;
            }

            chunk.Append(element);
            chunkBytes += elementBytes;
        }

        words.Add(chunk.ToString());
        var raw = string.Join(newLine, words.Select(word => $" =?utf-8?b?{Convert.ToBase64String(Encoding.UTF8.GetBytes(word))}?="));
        return Encoding.UTF8.GetBytes(raw + suffix + newLine);
    }

    private static MimePart CreateAttachment(string fileName, Stream content, DateTime created, DateTime modified, DateTime read)
    {
        if (!ContentType.TryParse(MimeTypes.GetMimeType(fileName), out var contentType))
            contentType = new ContentType("application", "octet-stream");

        return new MimePart(contentType)
        {
            FileName = fileName,
            Content = new MimeContent(content),
            ContentDisposition = new ContentDisposition(ContentDisposition.Attachment)
            {
                CreationDate = created,
                ModificationDate = modified,
                ReadDate = read
            },
            ContentTransferEncoding = ContentEncoding.Base64
        };
    }
}

/// <summary>
/// A message ready to send, the notes for the send log (skipped attachments and headers), and the attachment streams
/// to close once it is sent.
/// </summary>
public sealed class BuiltMessage : IDisposable
{
    private readonly IReadOnlyList<IDisposable> _disposables;

    public BuiltMessage(MimeMessage message, IReadOnlyList<string> notes, IReadOnlyList<IDisposable> disposables)
    {
        Message = message;
        Notes = notes;
        _disposables = disposables;
    }

    public MimeMessage Message { get; }

    public IReadOnlyList<string> Notes { get; }

    public void Dispose()
    {
        foreach (var disposable in _disposables)
            disposable.Dispose();
    }
}
