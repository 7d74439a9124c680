using Nop.Plugin.Misc.Smtp.Domain;

namespace Nop.Plugin.Misc.Smtp.Services;

/// <summary>
/// The effective connection settings of one send, password decrypted. Value equality: pooled connections are keyed
/// by it, so any change of settings retires the connections opened with the old ones.
/// </summary>
public sealed record SmtpEndpoint
{
    public string Host { get; init; }

    public int Port { get; init; }

    public SmtpSecurity Security { get; init; }

    public SmtpAuthentication Authentication { get; init; }

    public string Username { get; init; }

    public string Password { get; init; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    public string LocalDomain { get; init; }

    public CertificateCheck CertificateCheck { get; init; }

    public string PinnedThumbprint { get; init; }

    public int MaxConnections { get; init; } = 2;

    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// host:port, for messages.
    /// </summary>
    public string Server => $"{Host}:{Port}";

    /// <summary>
    /// Builds the endpoint from the stored settings and the decrypted password.
    /// </summary>
    public static SmtpEndpoint From(SmtpSettings settings, string password)
    {
        return new()
        {
            Host = settings.Host?.Trim(),
            Port = settings.Port,
            Security = settings.Security,
            Authentication = settings.Authentication,
            Username = settings.Username,
            Password = password,
            Timeout = TimeSpan.FromSeconds(settings.TimeoutSeconds),
            LocalDomain = settings.LocalDomain,
            CertificateCheck = settings.CertificateCheck,
            PinnedThumbprint = settings.PinnedThumbprint,
            MaxConnections = Math.Max(1, settings.MaxConnections),
            IdleTimeout = TimeSpan.FromSeconds(Math.Max(1, settings.IdleTimeoutSeconds))
        };
    }

    /// <summary>
    /// Never prints the password.
    /// </summary>
    public override string ToString()
    {
        return Server;
    }
}
