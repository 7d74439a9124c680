using MailKit.Security;
using Nop.Plugin.Misc.Smtp.Domain;

namespace Nop.Plugin.Misc.Smtp.Services;

/// <summary>
/// The one place where the plugin's security setting becomes MailKit's <see cref="SecureSocketOptions"/>.
/// </summary>
public static class SmtpSecurityMapping
{
    public static SecureSocketOptions ToSecureSocketOptions(this SmtpSecurity security)
    {
        return security switch
        {
            SmtpSecurity.None => SecureSocketOptions.None,
            SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
            SmtpSecurity.StartTlsRequired => SecureSocketOptions.StartTls,
            SmtpSecurity.StartTlsWhenAvailable => SecureSocketOptions.StartTlsWhenAvailable,
            _ => throw new ArgumentOutOfRangeException(nameof(security), security, "Unknown SMTP security setting")
        };
    }

    /// <summary>
    /// The security nopCommerce's EnableSsl flag stands for: on is SSL/TLS on connect, off is STARTTLS when available.
    /// </summary>
    public static SmtpSecurity FromNopEnableSsl(bool enableSsl)
    {
        return enableSsl ? SmtpSecurity.SslOnConnect : SmtpSecurity.StartTlsWhenAvailable;
    }
}
