#nullable enable
using MimeKit;

namespace Nop.Plugin.Misc.Smtp.Tests.Infrastructure;

/// <summary>One message as a test SMTP server received it.</summary>
public sealed class ReceivedMessage
{
    private readonly Lazy<MimeMessage> _parsed;

    internal ReceivedMessage(string envelopeFrom, IReadOnlyList<string> envelopeRecipients,
        IReadOnlyDictionary<string, string> mailParameters, byte[] rawBytes, byte[]? wireBytes,
        string? authenticatedUser, bool secure, int connectionIndex, int messageIndexOnConnection, string? finalReply)
    {
        EnvelopeFrom = envelopeFrom;
        EnvelopeRecipients = envelopeRecipients;
        MailParameters = mailParameters;
        RawBytes = rawBytes;
        WireBytes = wireBytes;
        AuthenticatedUser = authenticatedUser;
        Secure = secure;
        ConnectionIndex = connectionIndex;
        MessageIndexOnConnection = messageIndexOnConnection;
        FinalReply = finalReply;
        // Parsed on demand so that a deliberately malformed message never breaks the server that stores it.
        _parsed = new Lazy<MimeMessage>(() => MimeMessage.Load(new MemoryStream(RawBytes, false)));
    }

    /// <summary>The MAIL FROM address; empty for the null reverse-path (MAIL FROM:&lt;&gt;).</summary>
    public string EnvelopeFrom { get; }

    /// <summary>The RCPT TO addresses that the server accepted, in order.</summary>
    public IReadOnlyList<string> EnvelopeRecipients { get; }

    /// <summary>The ESMTP parameters of MAIL FROM (e.g. BODY=8BITMIME, SMTPUTF8, SIZE), keys upper-case.</summary>
    public IReadOnlyDictionary<string, string> MailParameters { get; }

    /// <summary>
    /// The message content: the DATA bytes with dot-stuffing removed, ending with the CRLF of the last line (the
    /// CRLF that starts the "CRLF.CRLF" terminator belongs to the message). For a message that ends in CRLF this is
    /// byte for byte what the client's MimeMessage.WriteTo produced.
    /// </summary>
    public byte[] RawBytes { get; }

    /// <summary>
    /// The DATA bytes exactly as they crossed the wire (dot-stuffed, ".CRLF" terminator included), or the BDAT
    /// chunks concatenated. Only <see cref="ScriptedSmtpServer"/> records them: the SmtpServer package hands out
    /// unstuffed content only, so <see cref="RealSmtpServer"/> leaves this null.
    /// </summary>
    public byte[]? WireBytes { get; }

    public MimeMessage Parsed => _parsed.Value;

    /// <summary>The user name of a successful AUTH in this session, or null.</summary>
    public string? AuthenticatedUser { get; }

    /// <summary>Whether the session ran over TLS (implicit or after STARTTLS) when the message was received.</summary>
    public bool Secure { get; }

    /// <summary>0-based index of the connection (session) in the order the server accepted them.</summary>
    public int ConnectionIndex { get; }

    /// <summary>0-based index of this message among those that ended on its connection.</summary>
    public int MessageIndexOnConnection { get; }

    /// <summary>The reply line sent after the final dot, or null when the server sent none (disconnect, stall).</summary>
    public string? FinalReply { get; }

    public bool Accepted => FinalReply is not null && FinalReply.StartsWith('2');
}
