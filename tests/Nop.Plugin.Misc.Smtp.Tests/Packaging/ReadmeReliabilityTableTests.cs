using System.Reflection;
using System.Text.RegularExpressions;

namespace Nop.Plugin.Misc.Smtp.Tests.Packaging;

/// <summary>
/// The README's "Reliability and security" tables name the tests behind each row; every name must be a test that
/// exists, so the table cannot claim what no test checks.
/// </summary>
public partial class ReadmeReliabilityTableTests
{
    private static readonly Type[] _testClasses = typeof(ReadmeReliabilityTableTests).Assembly.GetTypes()
        .Where(type => type.GetMethods().Any(method => method.GetCustomAttributes<FactAttribute>(true).Any()))
        .ToArray();

    private static IEnumerable<string> TestCells()
    {
        var readme = File.ReadAllText(RepositoryPaths.File("README.md"));
        var start = readme.IndexOf("## Reliability and security", StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md has no \"Reliability and security\" section.");
        var end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var section = end < 0 ? readme[start..] : readme[start..end];

        return section.Split('\n')
            .Where(line => line.StartsWith('|') && !line.StartsWith("| ---", StringComparison.Ordinal))
            .Select(line => line.Trim().Trim('|').Split('|').Last().Trim())
            .Where(cell => cell != "Test");
    }

    [Fact]
    public void EveryTestNamedInTheReliabilityTables_Exists()
    {
        var cited = 0;
        var missing = new List<string>();
        foreach (var cell in TestCells())
        {
            string currentClass = null;
            foreach (Match match in TestNamePattern().Matches(cell))
            {
                if (match.Groups["class"].Success)
                    currentClass = match.Groups["class"].Value;
                if (currentClass == null)
                    continue;

                var method = match.Groups["method"].Value;
                var prefix = match.Groups["ellipsis"].Success;
                var type = _testClasses.FirstOrDefault(candidate => candidate.Name == currentClass);
                var found = type?.GetMethods().Any(candidate => prefix ? candidate.Name.StartsWith(method, StringComparison.Ordinal) : candidate.Name == method);
                cited++;
                if (found != true)
                    missing.Add($"{currentClass}.{method}{(prefix ? "…" : string.Empty)}");
            }
        }

        Assert.True(cited > 50, $"Only {cited} test names were found in the tables.");
        Assert.Empty(missing);
    }

    [GeneratedRegex(@"(?:(?<class>[A-Z][A-Za-z]*Tests)\.)?(?<method>(?:Send|Build|Classify|TryCreateEndpoint|SendEmail|TestSend|ConfigureGet|ConfigurePost|StoredPassword|Endpoint|SecretScrubber|SendLogPages)_[A-Za-z0-9_]*)(?<ellipsis>…)?")]
    private static partial Regex TestNamePattern();
}
