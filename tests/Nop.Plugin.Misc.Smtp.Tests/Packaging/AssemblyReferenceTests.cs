using System.IO.Compression;
using Mono.Cecil;

namespace Nop.Plugin.Misc.Smtp.Tests.Packaging;

/// <summary>
/// The shipped assembly must bind to what nopCommerce 4.90 loads: a reference binds cleanly only with the host's
/// public key token and a version no higher than the host's. Anything above goes through nopCommerce's fragile
/// fallback resolver.
/// </summary>
public class AssemblyReferenceTests
{
    private static readonly Dictionary<string, (Version Max, string Token)> _hostThirdParty = new()
    {
        ["MailKit"] = (new Version(4, 13, 0, 0), "4e064fe7c44a8f1b"),
        ["MimeKit"] = (new Version(4, 13, 0, 0), "bede1c8a46c66814"),
        ["FluentValidation"] = (new Version(11, 0, 0, 0), "7de548da2fbae0f0"),
        ["FluentMigrator"] = (new Version(7, 1, 0, 0), "aacfc7de5acabf05"),
        ["FluentMigrator.Abstractions"] = (new Version(7, 1, 0, 0), "aacfc7de5acabf05")
    };

    private static readonly string[] _nopAssemblies = ["Nop.Core", "Nop.Data", "Nop.Services", "Nop.Web.Framework"];

    private static IReadOnlyList<AssemblyNameReference> ShippedReferences()
    {
        using var zip = ZipFile.OpenRead(RepositoryPaths.PluginZip);
        using var memory = new MemoryStream();
        using (var entry = zip.GetEntry("Misc.Smtp/Nop.Plugin.Misc.Smtp.dll")!.Open())
            entry.CopyTo(memory);
        memory.Position = 0;

        using var module = ModuleDefinition.ReadModule(memory);
        return module.AssemblyReferences.ToList();
    }

    private static string Token(AssemblyNameReference reference)
    {
        return Convert.ToHexString(reference.PublicKeyToken ?? []).ToLowerInvariant();
    }

    [Fact]
    public void References_OnlyNopCommerceTheFrameworkAndTheHostsLibraries()
    {
        var unexpected = ShippedReferences()
            .Where(reference => !_nopAssemblies.Contains(reference.Name)
                && !_hostThirdParty.ContainsKey(reference.Name)
                && !reference.Name.StartsWith("System", StringComparison.Ordinal)
                && !reference.Name.StartsWith("Microsoft.", StringComparison.Ordinal)
                && reference.Name != "netstandard")
            .Select(reference => reference.FullName)
            .ToList();

        Assert.Empty(unexpected);
    }

    [Fact]
    public void References_NopCommerceAssembliesAtVersion4_90()
    {
        var nop = ShippedReferences().Where(reference => reference.Name.StartsWith("Nop.", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(nop);
        Assert.All(nop, reference =>
        {
            Assert.Contains(reference.Name, _nopAssemblies);
            Assert.Equal(new Version(4, 90, 0, 0), reference.Version);
            Assert.Equal(string.Empty, Token(reference));
        });
    }

    [Fact]
    public void References_ThirdPartyLibrariesAtVersionsTheHostSatisfies()
    {
        var thirdParty = ShippedReferences().Where(reference => _hostThirdParty.ContainsKey(reference.Name)).ToList();

        Assert.Contains(thirdParty, reference => reference.Name == "MailKit");
        Assert.Contains(thirdParty, reference => reference.Name == "MimeKit");
        Assert.All(thirdParty, reference =>
        {
            var (max, token) = _hostThirdParty[reference.Name];
            Assert.True(reference.Version <= max, $"{reference.Name} {reference.Version} is above the host's {max}");
            Assert.Equal(token, Token(reference));
        });
    }

    [Fact]
    public void References_NoLinq2Db()
    {
        Assert.DoesNotContain(ShippedReferences(), reference => reference.Name.StartsWith("linq2db", StringComparison.OrdinalIgnoreCase));
    }
}
