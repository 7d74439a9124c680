using System.Text.RegularExpressions;

namespace Nop.Plugin.Misc.Smtp.Services;

/// <summary>
/// What happened to a message the server accepted.
/// </summary>
public sealed partial record SmtpDeliveryResult
{
    /// <summary>
    /// The server's final reply to the message, for example "2.0.0 Ok: queued as 4Xyz".
    /// </summary>
    public string ServerReply { get; init; }

    /// <summary>
    /// The queue id the server reported, when its reply has one.
    /// </summary>
    public string QueueId => ParseQueueId(ServerReply);

    public TimeSpan Elapsed { get; init; }

    /// <summary>
    /// The bytes of the message as transmitted.
    /// </summary>
    public long SizeBytes { get; init; }

    /// <summary>
    /// 1, or 2 when a pooled connection had gone stale and the message was sent again on a fresh one before the server
    /// could have accepted it.
    /// </summary>
    public int Attempts { get; init; } = 1;

    public bool ReusedConnection { get; init; }

    public SmtpSessionInfo Session { get; init; }

    /// <summary>
    /// The redacted transcript, when the caller asked for it.
    /// </summary>
    public string Transcript { get; init; }

    public static string ParseQueueId(string reply)
    {
        if (string.IsNullOrEmpty(reply))
            return null;

        var match = QueueIdPattern().Match(reply);
        return match.Success ? match.Groups["id"].Value : null;
    }

    [GeneratedRegex(@"(?:queued as|id=|queued\s*:?)\s*<?(?<id>[A-Za-z0-9._@\-]+)>?|^(?:2\.\d\.\d\s+)?Ok\s+(?<id>[A-Za-z0-9._@\-]{6,})", RegexOptions.IgnoreCase)]
    private static partial Regex QueueIdPattern();
}
