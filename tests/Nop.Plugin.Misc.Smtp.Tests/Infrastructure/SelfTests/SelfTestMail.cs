#nullable enable
using System.Net.Sockets;
using System.Text;
using MailKit.Net.Smtp;
using MimeKit;

namespace Nop.Plugin.Misc.Smtp.Tests.Infrastructure.SelfTests;

/// <summary>MailKit clients and messages for the infrastructure self-tests.</summary>
internal static class SelfTestMail
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    // A line that starts with a dot (must be dot-stuffed on the wire) and non-ASCII text (8BITMIME) in one body.
    public const string Body = "Hello from the self-test.\r\n.a line that starts with a dot\r\n..two dots\r\nGrüße, Zoë\r\n";

    public static MimeMessage CreateMessage(string subject = "Self-test")
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Store", "store@example.test"));
        message.To.Add(new MailboxAddress("Customer", "customer@example.test"));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = Body, ContentTransferEncoding = ContentEncoding.EightBit };
        return message;
    }

    /// <summary>A client that trusts exactly the certificate it is given (by SHA-256 thumbprint).</summary>
    public static SmtpClient CreateClient(int timeoutMilliseconds = 5000, string? trustedThumbprint = null)
    {
        var trusted = trustedThumbprint ?? TestCertificates.Sha256Thumbprint(TestCertificates.Localhost);
        return new SmtpClient
        {
            Timeout = timeoutMilliseconds,
            CheckCertificateRevocation = false,
            ServerCertificateValidationCallback = (_, certificate, _, _) => certificate is not null
                && TestCertificates.Sha256Thumbprint(certificate) == trusted
        };
    }

    public static string Text(byte[] bytes)
    {
        return Encoding.UTF8.GetString(bytes);
    }

    public static async Task WriteAsync(NetworkStream stream, string text)
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes(text));
    }

    /// <summary>Reads <paramref name="count"/> complete replies (multi-line ones count once) and returns their codes.</summary>
    public static async Task<string[]> ReadReplyCodesAsync(StreamReader reader, int count, CancellationToken cancellationToken)
    {
        var codes = new List<string>();
        while (codes.Count < count)
        {
            var line = await reader.ReadLineAsync(cancellationToken) ?? throw new IOException("Server closed.");
            if (line.Length >= 4 && line[3] == ' ')
                codes.Add(line[..3]);
        }

        return codes.ToArray();
    }
}
