using MimeKit;
using MimeKit.IO;
using Moq;
using Nop.Core.Infrastructure;
using Nop.Plugin.Misc.Smtp.Services;
using Nop.Services.Media;

namespace Nop.Plugin.Misc.Smtp.Tests.Hardening;

/// <summary>
/// Builds messages with the real builder and turns them into the bytes MailKit would put on the wire, and back.
/// </summary>
internal static class MessageRoundTrip
{
    public static EmailMessageBuilder CreateBuilder()
    {
        var fileProvider = new Mock<INopFileProvider>();
        fileProvider.Setup(provider => provider.FileExists(It.IsAny<string>())).Returns((string path) => File.Exists(path));
        return new EmailMessageBuilder(new Mock<IDownloadService>().Object, fileProvider.Object);
    }

    public static BuiltMessage Build(EmailRequest request, SmtpSettings settings = null)
    {
        return CreateBuilder().BuildAsync(request, settings ?? new SmtpSettings(), CancellationToken.None).GetAwaiter().GetResult();
    }

    public static EmailRequest Request(string subject = "Order #1001 confirmed")
    {
        return new EmailRequest
        {
            Subject = subject,
            Body = "<p>Thank you</p>",
            FromAddress = "shop@example.com",
            FromName = "Shop",
            ToAddress = "customer@example.com",
            ToName = "Customer"
        };
    }

    /// <summary>
    /// The message as MailKit sends it: CRLF line endings, Bcc left out.
    /// </summary>
    public static byte[] ToWireBytes(MimeMessage message)
    {
        var options = FormatOptions.Default.Clone();
        options.NewLineFormat = NewLineFormat.Dos;
        options.HiddenHeaders.Add(HeaderId.Bcc);
        options.HiddenHeaders.Add(HeaderId.ResentBcc);
        using var stream = new MemoryStream();
        message.WriteTo(options, stream);
        return stream.ToArray();
    }

    public static MimeMessage Parse(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        return MimeMessage.Load(stream);
    }

    /// <summary>
    /// The header block of the raw message, one unfolded-as-sent line per entry.
    /// </summary>
    public static string[] HeaderLines(byte[] bytes)
    {
        var text = System.Text.Encoding.UTF8.GetString(bytes);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return text[..end].Split("\r\n");
    }

    /// <summary>
    /// The names of the top-level header fields, in order, as a receiver would count them.
    /// </summary>
    public static List<string> HeaderNames(byte[] bytes)
    {
        return HeaderLines(bytes)
            .Where(line => line.Length > 0 && line[0] is not ' ' and not '\t')
            .Select(line => line[..line.IndexOf(':')])
            .ToList();
    }
}
