#nullable enable
using System.Security.Cryptography.X509Certificates;

namespace Nop.Plugin.Misc.Smtp.Tests.Infrastructure;

public enum RealSmtpTls
{
    /// <summary>Plain text only; STARTTLS is not advertised.</summary>
    None,

    /// <summary>STARTTLS advertised; the client may send mail without it.</summary>
    StartTls,

    /// <summary>
    /// STARTTLS advertised and required: MAIL before it gets 530, and AUTH is neither advertised nor accepted before
    /// it.
    /// </summary>
    StartTlsRequired,

    /// <summary>TLS from the first byte (SMTPS, like port 465).</summary>
    ImplicitTls
}

public sealed class RealSmtpServerOptions
{
    public RealSmtpTls Tls { get; set; } = RealSmtpTls.None;

    /// <summary>Server certificate for any TLS mode; null uses <see cref="TestCertificates.Localhost"/>.</summary>
    public X509Certificate2? Certificate { get; set; }

    /// <summary>MAIL before a successful AUTH gets 530.</summary>
    public bool RequireAuth { get; set; }

    /// <summary>
    /// Accepted user name → password pairs (ordinal comparison). AUTH PLAIN LOGIN is advertised when this is not
    /// empty or <see cref="RequireAuth"/> is set.
    /// </summary>
    public IDictionary<string, string> Users { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// Advertised as SIZE; MAIL FROM with a larger SIZE= gets 552, and so does a larger message after its final dot.
    /// </summary>
    public int? MaxMessageSize { get; set; }

    /// <summary>The name in the greeting and EHLO reply.</summary>
    public string ServerName { get; set; } = "localhost";

    /// <summary>The package closes any session older than this (its own default is 2 minutes).</summary>
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromMinutes(5);
}
