using System.IO.Compression;
using System.Text.Json;

namespace Nop.Plugin.Misc.Smtp.Tests.Packaging;

/// <summary>
/// The zip that Admin > Configuration > Local plugins > "Upload plugin or theme" takes: nopCommerce's upload service
/// needs exactly one root folder holding plugin.json, and the host must not receive its own assemblies again.
/// </summary>
public class PluginZipTests
{
    private static ZipArchive OpenZip()
    {
        Assert.True(System.IO.File.Exists(RepositoryPaths.PluginZip),
            $"{RepositoryPaths.PluginZip} is missing: the Release build writes it (dotnet build -c Release).");
        return ZipFile.OpenRead(RepositoryPaths.PluginZip);
    }

    [Fact]
    public void Zip_HasExactlyOneRootFolder_NamedAfterTheSystemName()
    {
        using var zip = OpenZip();

        var roots = zip.Entries.Select(entry => entry.FullName.Split('/')[0]).Distinct().ToList();

        Assert.Equal(["Misc.Smtp"], roots);
    }

    [Fact]
    public void Zip_HasADirectoryEntryForItsRootFolder_AsZipToolsWriteIt()
    {
        using var zip = OpenZip();

        // Some nopCommerce versions find the root folder as the one directory entry directly under the root.
        var rootDirectoryEntries = zip.Entries
            .Where(entry => entry.FullName.EndsWith('/') && entry.FullName.Count(c => c == '/') == 1)
            .Select(entry => entry.FullName)
            .ToList();

        Assert.Equal(["Misc.Smtp/"], rootDirectoryEntries);
    }

    [Fact]
    public void Zip_HoldsThePluginFiles()
    {
        using var zip = OpenZip();
        var names = zip.Entries.Select(entry => entry.FullName).ToHashSet();

        Assert.Contains("Misc.Smtp/plugin.json", names);
        Assert.Contains("Misc.Smtp/Nop.Plugin.Misc.Smtp.dll", names);
        Assert.Contains("Misc.Smtp/logo.png", names);
        Assert.Contains("Misc.Smtp/Views/Configure.cshtml", names);
        Assert.Contains("Misc.Smtp/Views/_ViewImports.cshtml", names);
        Assert.Contains(names, name => name.StartsWith("Misc.Smtp/Content/", StringComparison.Ordinal) && !name.EndsWith('/'));
    }

    [Fact]
    public void Zip_ShipsNoAssemblyTheHostAlreadyLoads()
    {
        using var zip = OpenZip();

        var assemblies = zip.Entries
            .Where(entry => entry.FullName.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .Select(entry => entry.Name)
            .ToList();

        Assert.Equal(["Nop.Plugin.Misc.Smtp.dll"], assemblies);
    }

    [Fact]
    public void Zip_ViewsMatchTheRepository()
    {
        using var zip = OpenZip();
        var zipped = zip.Entries
            .Where(entry => entry.FullName.StartsWith("Misc.Smtp/Views/", StringComparison.Ordinal) && entry.Name.Length > 0)
            .Select(entry => entry.FullName["Misc.Smtp/".Length..])
            .Order()
            .ToList();

        var source = Directory.EnumerateFiles(RepositoryPaths.File("Views"), "*.cshtml", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(RepositoryPaths.Root, path).Replace('\\', '/'))
            .Order()
            .ToList();

        Assert.Equal(source, zipped);
    }

    [Fact]
    public void PluginJson_ParsesAndHasEveryFieldNopCommerceReads()
    {
        using var zip = OpenZip();
        using var stream = zip.GetEntry("Misc.Smtp/plugin.json")!.Open();
        using var json = JsonDocument.Parse(stream);
        var root = json.RootElement;

        Assert.Equal("Misc", root.GetProperty("Group").GetString());
        Assert.Equal("Misc.Smtp", root.GetProperty("SystemName").GetString());
        Assert.Equal(["4.90"], root.GetProperty("SupportedVersions").EnumerateArray().Select(version => version.GetString()));
        Assert.Equal("Nop.Plugin.Misc.Smtp.dll", root.GetProperty("FileName").GetString());
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("FriendlyName").GetString()));
        Assert.True(Version.TryParse(root.GetProperty("Version").GetString(), out _));
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("Author").GetString()));
        Assert.Equal(JsonValueKind.Number, root.GetProperty("DisplayOrder").ValueKind);
        Assert.True(root.GetProperty("Description").GetString()!.Length > 40);
    }

    [Fact]
    public void Logo_IsASquarePngLargeEnoughForThePluginList()
    {
        using var zip = OpenZip();
        using var stream = zip.GetEntry("Misc.Smtp/logo.png")!.Open();
        var header = new byte[24];
        stream.ReadExactly(header);

        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, header[..8]);
        var width = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(16, 4));
        var height = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(20, 4));
        Assert.Equal(width, height);
        Assert.InRange(width, 64, 512);
    }
}
