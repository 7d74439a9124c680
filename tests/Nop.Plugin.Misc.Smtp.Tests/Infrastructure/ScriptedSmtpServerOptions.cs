#nullable enable
using System.Security.Cryptography.X509Certificates;

namespace Nop.Plugin.Misc.Smtp.Tests.Infrastructure;

/// <summary>
/// Behaviour of a <see cref="ScriptedSmtpServer"/>. The server reads these on every use, so a test may change them
/// (hooks included) while it runs, e.g. to make only later connections fail.
/// </summary>
public sealed class ScriptedSmtpServerOptions
{
    /// <summary>
    /// First thing sent on each connection. Null: accept the connection and never greet. A 421 greeting is followed
    /// by a close; after any other non-220 greeting every command but QUIT gets 503.
    /// </summary>
    public Reply? Greeting { get; set; } = "220 localhost ESMTP ScriptedSmtpServer";

    /// <summary>Per-connection greeting (argument: 0-based connection index); null result = <see cref="Greeting"/>.</summary>
    public Func<int, Reply?>? OnConnect { get; set; }

    /// <summary>Name in the first EHLO and HELO reply line.</summary>
    public string ServerName { get; set; } = "localhost";

    /// <summary>
    /// EHLO keywords, in order. STARTTLS and AUTH are added by <see cref="OfferStartTls"/> and <see cref="Users"/>
    /// unless already listed. Listing CHUNKING makes the server advertise BDAT (which it always understands).
    /// </summary>
    public IList<string> Capabilities { get; set; } =
        new List<string> { "PIPELINING", "8BITMIME", "ENHANCEDSTATUSCODES", "SMTPUTF8" };

    /// <summary>Advertise STARTTLS before TLS and upgrade on it.</summary>
    public bool OfferStartTls { get; set; }

    /// <summary>MAIL on a plain-text connection gets 530 5.7.0.</summary>
    public bool RequireStartTls { get; set; }

    /// <summary>TLS handshake right after accept, before the greeting (SMTPS).</summary>
    public bool ImplicitTls { get; set; }

    /// <summary>Server certificate for STARTTLS and implicit TLS; null uses <see cref="TestCertificates.Localhost"/>.</summary>
    public X509Certificate2? Certificate { get; set; }

    /// <summary>Accepted user name → password pairs. When not empty, "AUTH " + <see cref="AuthMechanisms"/> is advertised.</summary>
    public IDictionary<string, string> Users { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Mechanisms advertised after "AUTH"; only PLAIN and LOGIN are implemented, others get 504.</summary>
    public string AuthMechanisms { get; set; } = "PLAIN LOGIN";

    /// <summary>MAIL before a successful AUTH gets 530 5.7.0.</summary>
    public bool RequireAuth { get; set; }

    /// <summary>
    /// Called for every command line (arguments: the line as received without CRLF, 0-based connection index,
    /// number of messages already ended on this connection). Null = default handling. A returned reply replaces the
    /// default one; the command then takes effect only if the reply is positive (2xx/3xx): a custom 354 to DATA
    /// still reads the message, a 550 to RCPT does not add the recipient, a 235 to AUTH authenticates without
    /// credentials. <see cref="Reply.Disconnect"/>, <see cref="Reply.Close"/> and <see cref="Reply.Stall"/> act at
    /// once. Not called for AUTH continuation lines or message content.
    /// </summary>
    public Func<string, int, int, Reply?>? OnCommand { get; set; }

    /// <summary>
    /// Called once a message's final dot (or BDAT LAST chunk) has arrived, with the message (its FinalReply still
    /// null). Null result = "250 2.0.0 Ok: queued". A non-2xx reply rejects it; Disconnect/Stall simulate a
    /// connection that broke after the final dot. The message is recorded in AllMessages in every case.
    /// </summary>
    public Func<ReceivedMessage, Reply?>? OnMessageEnd { get; set; }

    /// <summary>Longest accepted line (command or message line) before the connection is dropped.</summary>
    public int MaxLineLength { get; set; } = 1024 * 1024;
}
