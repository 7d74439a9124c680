using System.Reflection;
using MimeKit;
using Nop.Plugin.Misc.Smtp.Services;

namespace Nop.Plugin.Misc.Smtp.Tests.Services;

public class MailLibraryVersionsTests
{
    [Theory]
    [InlineData("4.15.0.0", "4.15.1", true)]
    [InlineData("4.15.1.0", "4.15.1", false)]
    [InlineData("4.14.9.0", "4.15.1", true)]
    [InlineData("4.18.2.0", "4.15.1", false)]
    [InlineData("4.13.0.0", "4.16.0", true)]
    [InlineData("4.16.0.0", "4.16.0", false)]
    [InlineData("5.0", "4.16.0", false)]
    public void IsOlderThan_ComparesMajorMinorPatch(string loaded, string fixedVersion, bool older)
    {
        Assert.Equal(older, MailLibraryVersions.IsOlderThan(Version.Parse(loaded), Version.Parse(fixedVersion)));
    }

    [Fact]
    public void IsOlderThan_UnknownVersionCountsAsOld()
    {
        Assert.True(MailLibraryVersions.IsOlderThan(null, SmtpDefaults.FixedMimeKitVersion));
    }

    [Fact]
    public void GetVersion_ReadsThePatchFromTheFileVersion_NotTheAssemblyVersion()
    {
        // MimeKit keeps its assembly version at major.minor.0.0; only the file version carries the patch.
        var assembly = typeof(MimeMessage).Assembly;
        var fileVersion = Version.Parse(assembly.GetCustomAttribute<AssemblyFileVersionAttribute>()!.Version);

        Assert.Equal(fileVersion, MailLibraryVersions.GetVersion(assembly));
        Assert.Equal(fileVersion, MailLibraryVersions.MimeKit);
    }

    [Fact]
    public void TheLibrariesTheTestsLoad_AreNotFlaggedAsOld()
    {
        Assert.False(MailLibraryVersions.IsOlderThan(MailLibraryVersions.MimeKit, SmtpDefaults.FixedMimeKitVersion));
        Assert.False(MailLibraryVersions.IsOlderThan(MailLibraryVersions.MailKit, SmtpDefaults.FixedMailKitVersion));
    }
}
