using System.Text;
using Nop.Plugin.Misc.Smtp.Domain;
using Nop.Plugin.Misc.Smtp.Services;

namespace Nop.Plugin.Misc.Smtp.Tests.Services;

public class SendLogCsvWriterTests
{
    /// <summary>
    /// A strict RFC 4180 reader, so that the tests check what a spreadsheet would read back.
    /// </summary>
    private static List<List<string>> Parse(string csv)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < csv.Length; i++)
        {
            var c = csv[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < csv.Length && csv[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                    quoted = false;
                else
                    field.Append(c);
            }
            else if (c == '"' && field.Length == 0)
                quoted = true;
            else if (c == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' && i + 1 < csv.Length && csv[i + 1] == '\n')
            {
                row.Add(field.ToString());
                field.Clear();
                rows.Add(row);
                row = new List<string>();
                i++;
            }
            else
            {
                Assert.False(c is '"' or '\r' or '\n', $"Unescaped {(int)c} at {i}");
                field.Append(c);
            }
        }

        Assert.False(quoted, "Unterminated quoted field");
        Assert.True(field.Length == 0 && row.Count == 0, "The last line has no line break");
        return rows;
    }

    private static async Task<string> ExportAsync(params SmtpLogEntry[] entries)
    {
        using var stream = new MemoryStream();
        await SendLogCsvWriter.WriteAsync(entries.ToAsyncEnumerable(), stream);
        var bytes = stream.ToArray();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes.Take(3));
        return Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("line1\nline2", "\"line1\nline2\"")]
    [InlineData("line1\r\nline2", "\"line1\r\nline2\"")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Field_QuotesOnlyWhatNeedsIt(string value, string expected)
    {
        Assert.Equal(expected, SendLogCsvWriter.Field(value));
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://evil\")")]
    [InlineData("+1+2")]
    [InlineData("-2+3")]
    [InlineData("@SUM(A1)")]
    [InlineData("\tcmd")]
    public void Field_StartingLikeAFormula_IsPrefixedWithAQuote(string value)
    {
        var field = SendLogCsvWriter.Field(value);

        var unquoted = field.StartsWith('"') ? field[1..^1].Replace("\"\"", "\"") : field;
        Assert.Equal("'" + value, unquoted);
    }

    [Fact]
    public void Field_WithAFormulaCharacterLaterOn_IsLeftAlone()
    {
        Assert.Equal("Order #5 = paid", SendLogCsvWriter.Field("Order #5 = paid"));
    }

    [Fact]
    public async Task Write_RoundTripsCommasQuotesAndLineBreaks_OneRowPerEntry()
    {
        var tricky = new SmtpLogEntry
        {
            Id = 7, CreatedOnUtc = new DateTime(2026, 3, 10, 8, 5, 0, DateTimeKind.Utc), Status = SendStatus.Failed,
            ToAddress = "jane@example.com", Subject = "Hi, \"Jane\"\r\nsecond line", ServerReply = "550 5.1.1 user unknown",
            FailureReasonId = (int)SmtpFailureReason.Recipient, Error = "=cmd|' /C calc'!A0", DurationMs = 12,
            QueuedEmailId = 3
        };
        var plain = new SmtpLogEntry { Id = 8, Status = SendStatus.Sent, ToAddress = "bob@example.com", Subject = "Welcome" };

        var rows = Parse(await ExportAsync(tricky, plain));

        Assert.Equal(3, rows.Count);
        var header = rows[0];
        Assert.All(rows, row => Assert.Equal(header.Count, row.Count));
        var first = header.Zip(rows[1]).ToDictionary(pair => pair.First, pair => pair.Second);
        Assert.Equal("7", first["Id"]);
        Assert.Equal("2026-03-10T08:05:00Z", first["CreatedOnUtc"]);
        Assert.Equal("Failed", first["Status"]);
        Assert.Equal("Hi, \"Jane\"\r\nsecond line", first["Subject"]);
        Assert.Equal("550 5.1.1 user unknown", first["ServerReply"]);
        Assert.Equal("Recipient", first["FailureReason"]);
        Assert.Equal("'=cmd|' /C calc'!A0", first["Error"]);
        Assert.Equal("3", first["QueuedEmailId"]);
        Assert.Equal("Welcome", rows[2][header.IndexOf("Subject")]);
    }
}
