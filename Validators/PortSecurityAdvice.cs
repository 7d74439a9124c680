using Nop.Plugin.Misc.Smtp.Domain;

namespace Nop.Plugin.Misc.Smtp.Validators;

/// <summary>
/// Port and security pairs that are almost always wrong. A warning, not an error: a server may listen anywhere.
/// </summary>
public static class PortSecurityAdvice
{
    public const string StartTlsOnImplicitTlsPortKey = "Plugins.Misc.Smtp.Warnings.StartTlsOnPort465";
    public const string ImplicitTlsOnSubmissionPortKey = "Plugins.Misc.Smtp.Warnings.SslOnConnectOnPort587";

    /// <summary>
    /// The resource key of the warning for a pair, or null when the pair is usual.
    /// </summary>
    public static string GetWarningKey(int port, SmtpSecurity security)
    {
        return (port, security) switch
        {
            (465, SmtpSecurity.StartTlsRequired or SmtpSecurity.StartTlsWhenAvailable or SmtpSecurity.None) => StartTlsOnImplicitTlsPortKey,
            (587, SmtpSecurity.SslOnConnect) => ImplicitTlsOnSubmissionPortKey,
            _ => null
        };
    }
}
