using Nop.Plugin.Misc.Smtp.Domain;
using Nop.Plugin.Misc.Smtp.Services;

namespace Nop.Plugin.Misc.Smtp.Tests.Services;

public class SmtpSettingsRulesTests
{
    [Theory]
    [InlineData("smtp.example.com", true)]
    [InlineData("localhost", true)]
    [InlineData("127.0.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("[::1]", true)]
    [InlineData("bücher.example", true)]
    [InlineData("smtp://smtp.example.com", false)]
    [InlineData("smtp.example.com:587", false)]
    [InlineData("smtp.example.com/path", false)]
    [InlineData("smtp example.com", false)]
    [InlineData("-bad.example.com", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsValidHost_AcceptsHostNamesAndIpLiteralsOnly(string host, bool expected)
    {
        Assert.Equal(expected, SmtpSettingsRules.IsValidHost(host));
    }

    [Fact]
    public void Describe_ValidSettings_HaveNoProblem()
    {
        Assert.Null(SmtpSettingsRules.Describe(new SmtpSettings { Host = "smtp.example.com", Username = "u" }));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65536)]
    public void Describe_PortOutOfRange_IsAProblem(int port)
    {
        Assert.Contains("port", SmtpSettingsRules.Describe(new SmtpSettings { Host = "smtp.example.com", Username = "u", Port = port }));
    }

    [Fact]
    public void Describe_UnknownSecurityValue_IsAProblem()
    {
        Assert.Contains("security", SmtpSettingsRules.Describe(new SmtpSettings { Host = "smtp.example.com", Username = "u", Security = (SmtpSecurity)99 }));
    }

    [Fact]
    public void Describe_PinnedWithoutAThumbprint_IsAProblem()
    {
        var settings = new SmtpSettings { Host = "smtp.example.com", Username = "u", CertificateCheck = CertificateCheck.Pinned };

        Assert.Contains("thumbprint", SmtpSettingsRules.Describe(settings));
    }

    [Fact]
    public void IsValidThumbprint_AcceptsSeparatorsAndEitherCase()
    {
        var thumbprint = string.Join(":", Enumerable.Repeat("aB", 32));

        Assert.True(SmtpSettingsRules.IsValidThumbprint(thumbprint));
        Assert.False(SmtpSettingsRules.IsValidThumbprint(new string('A', 40)));
    }
}
