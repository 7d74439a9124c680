using Nop.Plugin.Misc.Smtp.Domain;
using Nop.Plugin.Misc.Smtp.Services;
using Nop.Plugin.Misc.Smtp.Validators;

namespace Nop.Plugin.Misc.Smtp.Tests.Services;

public class SmtpProviderPresetsTests
{
    public static TheoryData<string> Keys()
    {
        var data = new TheoryData<string>();
        foreach (var preset in SmtpProviderPresets.All)
            data.Add(preset.Key);
        return data;
    }

    [Fact]
    public void ListsEveryProviderTheIssueNames_CustomFirst()
    {
        Assert.Equal(SmtpProviderPresets.CustomKey, SmtpProviderPresets.All[0].Key);
        Assert.Equal(
            ["Custom", "Gmail", "Microsoft365", "SendGrid", "MailgunUs", "MailgunEu", "AmazonSes", "Brevo", "Postmark", "Mailjet", "Zoho", "Yahoo", "ICloud", "Fastmail"],
            SmtpProviderPresets.All.Select(preset => preset.Key));
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void EveryPreset_HasInstalledTexts(string key)
    {
        var preset = SmtpProviderPresets.Find(key);

        Assert.True(SmtpResources.English.ContainsKey(preset.NameResourceKey), preset.NameResourceKey);
        Assert.True(SmtpResources.English.ContainsKey(preset.NoteResourceKey), preset.NoteResourceKey);
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void EveryProviderPreset_IsAUsableServer_WithAUsualPortAndSecurityPair(string key)
    {
        var preset = SmtpProviderPresets.Find(key);
        if (key == SmtpProviderPresets.CustomKey)
        {
            Assert.Null(preset.Host);
            return;
        }

        Assert.True(SmtpSettingsRules.IsValidHost(preset.Host), preset.Host);
        Assert.Contains(preset.Port, new[] { 465, 587 });
        Assert.Null(PortSecurityAdvice.GetWarningKey(preset.Port, preset.Security));
        Assert.NotEqual(SmtpSecurity.None, preset.Security);
        Assert.NotEqual(SmtpSecurity.StartTlsWhenAvailable, preset.Security);
    }

    [Fact]
    public void SendGrid_PresetsTheApiKeyUsername_AndMailgunHasItsEuHost()
    {
        Assert.Equal("apikey", SmtpProviderPresets.Find("SendGrid").Username);
        Assert.Equal("smtp.eu.mailgun.org", SmtpProviderPresets.Find("MailgunEu").Host);
        Assert.Contains("amazonaws.com", SmtpProviderPresets.Find("AmazonSes").Host);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("NoSuchProvider")]
    public void Find_UnknownKey_IsNull(string key)
    {
        Assert.Null(SmtpProviderPresets.Find(key));
    }

    [Fact]
    public void Find_IgnoresCase()
    {
        Assert.Equal("Gmail", SmtpProviderPresets.Find("gmail").Key);
    }
}
