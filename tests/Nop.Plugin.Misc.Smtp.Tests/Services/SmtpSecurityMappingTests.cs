using MailKit.Security;
using Nop.Plugin.Misc.Smtp.Domain;
using Nop.Plugin.Misc.Smtp.Services;

namespace Nop.Plugin.Misc.Smtp.Tests.Services;

public class SmtpSecurityMappingTests
{
    [Theory]
    [InlineData(SmtpSecurity.None, SecureSocketOptions.None)]
    [InlineData(SmtpSecurity.SslOnConnect, SecureSocketOptions.SslOnConnect)]
    [InlineData(SmtpSecurity.StartTlsRequired, SecureSocketOptions.StartTls)]
    [InlineData(SmtpSecurity.StartTlsWhenAvailable, SecureSocketOptions.StartTlsWhenAvailable)]
    public void ToSecureSocketOptions_MapsEachSettingToMailKitsOption(SmtpSecurity security, SecureSocketOptions expected)
    {
        Assert.Equal(expected, security.ToSecureSocketOptions());
    }

    [Fact]
    public void ToSecureSocketOptions_WithAnUnknownValue_ThrowsInsteadOfFallingBackToPlaintext()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ((SmtpSecurity)99).ToSecureSocketOptions());
    }

    [Theory]
    [InlineData(true, SmtpSecurity.SslOnConnect)]
    [InlineData(false, SmtpSecurity.StartTlsWhenAvailable)]
    public void FromNopEnableSsl_MapsNopCommercesFlagAsItsSmtpBuilderDoes(bool enableSsl, SmtpSecurity expected)
    {
        Assert.Equal(expected, SmtpSecurityMapping.FromNopEnableSsl(enableSsl));
    }
}
