using System.Text;

namespace Nop.Plugin.Misc.Smtp.Benchmark;

/// <summary>
/// One email of the workload, with the fields nopCommerce's queue passes to IEmailSender.
/// </summary>
public sealed record Email(string From, string FromName, string To, string ToName, string Subject, string Body, string AttachmentPath);

/// <summary>
/// The benchmark's emails: ~5 KB of HTML each, every 50th with a 100 KB attachment read from disk.
/// </summary>
public static class Workload
{
    public static List<Email> Create(int count, string folder)
    {
        var attachment = Path.Combine(folder, "invoice.pdf");
        WriteRandomFile(attachment, 100 * 1024, seed: 1);

        var emails = new List<Email>(count);
        for (var i = 1; i <= count; i++)
        {
            emails.Add(new Email("shop@example.com", "Example Shop", $"customer{i}@example.com", $"Customer {i}",
                $"Your order #{100000 + i} has shipped", Html(i), i % 50 == 0 ? attachment : null));
        }

        return emails;
    }

    public static void WriteRandomFile(string path, int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);
    }

    private static string Html(int number)
    {
        var html = new StringBuilder("<html><body><h1>Thank you for your order</h1>");
        var line = 0;
        while (html.Length < 5 * 1024 - 40)
        {
            html.Append($"<p>Line {++line} of order {100000 + number}: 1 x Product {line} at $9.99. ");
            html.Append("Shipping by standard courier; tracking follows by email.</p>\n");
        }

        return html.Append("</body></html>").ToString();
    }
}
