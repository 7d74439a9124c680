using System.Reflection;

namespace Nop.Plugin.Misc.Smtp.Tests.Packaging;

/// <summary>
/// Where the repository and the built zip are, as recorded in the test assembly at build time.
/// </summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = typeof(RepositoryPaths).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "RepositoryRoot").Value;

    public static string PluginZip => Path.Combine(Root, "dist", "Nop.Plugin.Misc.Smtp.zip");

    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);
}
