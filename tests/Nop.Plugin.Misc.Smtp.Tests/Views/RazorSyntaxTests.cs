using Microsoft.AspNetCore.Razor.Language;
using Nop.Plugin.Misc.Smtp.Tests.Packaging;

namespace Nop.Plugin.Misc.Smtp.Tests.Views;

/// <summary>
/// The store compiles the views at run time, so a Razor syntax error would only show up in a customer's admin area.
/// This parses every view with the Razor engine and fails on any error it reports.
/// </summary>
public class RazorSyntaxTests
{
    public static TheoryData<string> ViewPaths()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(RepositoryPaths.File("Views"), "*.cshtml", SearchOption.AllDirectories))
            data.Add("/" + Path.GetRelativePath(RepositoryPaths.Root, path).Replace(Path.DirectorySeparatorChar, '/'));
        return data;
    }

    [Theory]
    [MemberData(nameof(ViewPaths))]
    public void View_ParsesWithoutRazorErrors(string path)
    {
        var fileSystem = RazorProjectFileSystem.Create(RepositoryPaths.Root);
        var engine = RazorProjectEngine.Create(RazorConfiguration.Default, fileSystem, _ => { });

        var document = engine.Process(fileSystem.GetItem(path, FileKinds.Legacy));

        var errors = document.GetSyntaxTree().Diagnostics
            .Concat(document.GetCSharpDocument().Diagnostics)
            .Where(diagnostic => diagnostic.Severity == RazorDiagnosticSeverity.Error)
            .Select(diagnostic => diagnostic.ToString())
            .ToList();
        Assert.Empty(errors);
    }
}
