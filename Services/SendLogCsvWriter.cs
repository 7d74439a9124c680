using System.Globalization;
using System.Text;
using Nop.Plugin.Misc.Smtp.Domain;

namespace Nop.Plugin.Misc.Smtp.Services;

/// <summary>
/// Writes send log entries as CSV (RFC 4180) for spreadsheets. Text that a spreadsheet would run as a formula is
/// prefixed with a quote, because subjects and addresses come from customers.
/// </summary>
public static class SendLogCsvWriter
{
    private static readonly string[] _header =
    [
        "Id", "CreatedOnUtc", "Status", "FromAddress", "FromName", "ToAddress", "ToName", "CcCount", "BccCount",
        "Subject", "SizeBytes", "DurationMs", "Server", "ServerReply", "QueueId", "FailureReason", "Error",
        "Attempt", "IsTest", "QueuedEmailId"
    ];

    /// <summary>
    /// One CSV field: quoted when it holds a comma, quote or line break, with a leading quote when it would
    /// otherwise start a formula (= + - @, tab, carriage return).
    /// </summary>
    public static string Field(string value)
    {
        if (string.IsNullOrEmpty(value))
            return string.Empty;

        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
            value = "'" + value;

        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0
            ? "\"" + value.Replace("\"", "\"\"") + "\""
            : value;
    }

    /// <summary>
    /// The CSV line of one entry, without the line break.
    /// </summary>
    public static string Line(SmtpLogEntry entry)
    {
        var invariant = CultureInfo.InvariantCulture;
        string[] fields =
        [
            entry.Id.ToString(invariant),
            entry.CreatedOnUtc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", invariant),
            Field(entry.Status.ToString()),
            Field(entry.FromAddress),
            Field(entry.FromName),
            Field(entry.ToAddress),
            Field(entry.ToName),
            entry.CcCount.ToString(invariant),
            entry.BccCount.ToString(invariant),
            Field(entry.Subject),
            entry.SizeBytes.ToString(invariant),
            entry.DurationMs.ToString(invariant),
            Field(entry.Server),
            Field(entry.ServerReply),
            Field(entry.QueueId),
            entry.FailureReasonId is { } reason ? Field(((SmtpFailureReason)reason).ToString()) : string.Empty,
            Field(entry.Error),
            entry.Attempt.ToString(invariant),
            entry.IsTest ? "true" : "false",
            entry.QueuedEmailId?.ToString(invariant) ?? string.Empty
        ];

        return string.Join(',', fields);
    }

    /// <summary>
    /// Writes a header line and one line per entry as UTF-8 with a byte order mark, so that spreadsheets detect it.
    /// </summary>
    public static async Task WriteAsync(IAsyncEnumerable<SmtpLogEntry> entries, Stream stream,
        CancellationToken cancellationToken = default)
    {
        await using var writer = new StreamWriter(stream, new UTF8Encoding(true), leaveOpen: true) { NewLine = "\r\n" };
        await writer.WriteLineAsync(string.Join(',', _header).AsMemory(), cancellationToken);

        await foreach (var entry in entries.WithCancellation(cancellationToken))
            await writer.WriteLineAsync(Line(entry).AsMemory(), cancellationToken);

        await writer.FlushAsync(cancellationToken);
    }
}
