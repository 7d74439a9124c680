using System.Reflection;
using System.Text.RegularExpressions;
using Nop.Plugin.Misc.Smtp.Models;
using Nop.Plugin.Misc.Smtp.Tests.Packaging;

namespace Nop.Plugin.Misc.Smtp.Tests.Views;

/// <summary>
/// Views are compiled by the store at run time, not by our build, so these checks read their source: every text key
/// is installed, every installed text is used, every asp-for names a real property, and the password never goes back
/// to the browser.
/// </summary>
public partial class ViewSourceTests
{
    private static readonly Assembly _plugin = typeof(SmtpPlugin).Assembly;
    private static readonly string[] _skippedFolders = ["tests", "bin", "obj", "build", "bench", "dist", ".git"];

    /// <summary>
    /// nopCommerce's own texts that a plugin view may use, as nopCommerce 4.90's official plugins do (for example
    /// Tax.Avalara's Views/Log/List.cshtml). Keep this list short: every other text is the plugin's.
    /// </summary>
    private static readonly HashSet<string> _nopCommerceKeys = ["Admin.Common.Search", "Admin.Common.View", "Admin.Common.Alert.NothingSelected"];

    private static IReadOnlyList<string> Views { get; } = Directory
        .GetFiles(RepositoryPaths.File("Views"), "*.cshtml", SearchOption.AllDirectories)
        .OrderBy(path => path, StringComparer.Ordinal)
        .ToList();

    /// <summary>
    /// The plugin's C# sources, without the resource tables themselves.
    /// </summary>
    private static IReadOnlyList<string> CodeFiles { get; } = Directory
        .GetFiles(RepositoryPaths.Root, "*.cs", SearchOption.AllDirectories)
        .Where(path => !Path.GetRelativePath(RepositoryPaths.Root, path).Split(Path.DirectorySeparatorChar)
            .Any(part => _skippedFolders.Contains(part)))
        .Where(path => !Path.GetFileName(path).StartsWith("SmtpResources", StringComparison.Ordinal))
        .ToList();

    private static string Relative(string path) => Path.GetRelativePath(RepositoryPaths.Root, path);

    private static IEnumerable<(string View, string Key)> TextKeysInViews()
    {
        return Views.SelectMany(view => TextCall().Matches(File.ReadAllText(view)).Select(match => (Relative(view), match.Groups[1].Value)));
    }

    [Fact]
    public void ThereAreViewsToCheck()
    {
        Assert.Contains(Views, view => view.EndsWith("Configure.cshtml", StringComparison.Ordinal));
        Assert.NotEmpty(TextKeysInViews());
    }

    [Fact]
    public void EveryTextKeyInTheViews_IsInstalledByThePlugin()
    {
        var missing = TextKeysInViews()
            .Where(use => !SmtpResources.English.ContainsKey(use.Key) && !_nopCommerceKeys.Contains(use.Key))
            .Select(use => $"{use.View}: {use.Key}")
            .ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public void EveryResourceKeyTheCodeNames_IsInstalledByThePlugin()
    {
        var missing = CodeFiles
            .Where(path => !Path.GetFileName(path).Equals("SmtpDefaults.cs", StringComparison.Ordinal))
            .SelectMany(path => ResourceLiteral().Matches(File.ReadAllText(path)).Select(match => (File: Relative(path), Key: match.Groups[1].Value)))
            .Where(use => use.Key != SmtpDefaults.ManagePermission && !SmtpResources.English.ContainsKey(use.Key))
            .Select(use => $"{use.File}: {use.Key}")
            .Distinct()
            .ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public void EveryInstalledKey_IsUsedSomewhere()
    {
        var viewTexts = Views.Select(File.ReadAllText).ToList();
        var codeTexts = CodeFiles.Select(File.ReadAllText).ToList();
        var literals = viewTexts.Concat(codeTexts)
            .SelectMany(text => Literal().Matches(text).Select(match => match.Groups[1].Value))
            .ToHashSet(StringComparer.Ordinal);
        var enumsShown = EnumTypesShown(viewTexts, codeTexts);

        bool IsUsed(string key)
        {
            if (literals.Contains(key))
                return true;

            // nopCommerce names a permission by the resource Security.Permission.<system name>.
            if (key.StartsWith("Security.Permission.", StringComparison.Ordinal) && literals.Contains(key["Security.Permission.".Length..]))
                return true;

            foreach (var suffix in new[] { ".Hint", ".Help" })
            {
                if (key.EndsWith(suffix, StringComparison.Ordinal) && literals.Contains(key[..^suffix.Length]))
                    return true;
            }

            return key.StartsWith("Enums.", StringComparison.Ordinal) && enumsShown.Any(type =>
                key.StartsWith($"Enums.{type.FullName}.", StringComparison.Ordinal)
                && Enum.GetNames(type).Contains(key[$"Enums.{type.FullName}.".Length..]));
        }

        Assert.Empty(SmtpResources.English.Keys.Where(key => !IsUsed(key)).OrderBy(key => key, StringComparer.Ordinal));
    }

    [Fact]
    public void EveryAspFor_NamesAPropertyOfTheViewsModel()
    {
        var problems = new List<string>();
        foreach (var view in Views)
        {
            var source = File.ReadAllText(view);
            var bindings = AspFor().Matches(source).Select(match => match.Groups[2].Value).Distinct().ToList();
            if (bindings.Count == 0)
                continue;

            var modelName = ModelDirective().Match(source) is { Success: true } directive ? directive.Groups[1].Value : null;
            var modelType = modelName == null ? null : FindType(modelName);
            if (modelType == null)
            {
                problems.Add($"{Relative(view)}: @model {modelName ?? "(none)"} is not a type of the plugin");
                continue;
            }

            problems.AddRange(bindings.Where(path => !HasPropertyPath(modelType, path))
                .Select(path => $"{Relative(view)}: {modelType.Name} has no property {path}"));
        }

        Assert.Empty(problems);
    }

    [Fact]
    public void ConfigureView_NeverRendersThePassword()
    {
        var source = File.ReadAllText(RepositoryPaths.File("Views", "Configure.cshtml"));

        Assert.DoesNotMatch(@"Model\s*\.\s*Password\b", source);
        // The label and the validation message name the field too; whatever else binds it must be a bare password input.
        var editors = PasswordElement().Matches(source).Select(match => match.Value)
            .Where(element => !element.StartsWith("<nop-label", StringComparison.Ordinal))
            .ToList();
        var input = Assert.Single(editors);
        Assert.StartsWith("<input", input);
        Assert.Contains("type=\"password\"", input);
        Assert.DoesNotContain("value", input, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("autocomplete=\"new-password\"", input);
    }

    [Fact]
    public void NoView_WritesRawHtml()
    {
        Assert.Empty(Views.Where(view => File.ReadAllText(view).Contains("Html.Raw", StringComparison.Ordinal)).Select(Relative));
    }

    [Fact]
    public void TheScript_NeverWritesServerDataAsMarkup()
    {
        foreach (var script in Directory.GetFiles(RepositoryPaths.File("Content"), "*.js", SearchOption.AllDirectories))
        {
            var source = File.ReadAllText(script);
            Assert.DoesNotContain("innerHTML", source);
            Assert.DoesNotContain("outerHTML", source);
            Assert.DoesNotContain("insertAdjacentHTML", source);
            Assert.DoesNotContain(".html(", source);
            Assert.DoesNotContain("document.write", source);
        }
    }

    private static HashSet<Type> EnumTypesShown(IEnumerable<string> viewTexts, IEnumerable<string> codeTexts)
    {
        var enums = _plugin.GetTypes().Where(type => type.IsEnum).ToList();
        var shown = new HashSet<Type>();

        // In views: Model.X.ToSelectListAsync() shows the enum type of property X.
        foreach (var view in Views)
        {
            var source = File.ReadAllText(view);
            var modelType = ModelDirective().Match(source) is { Success: true } directive ? FindType(directive.Groups[1].Value) : null;
            foreach (Match match in SelectListCall().Matches(source))
            {
                var property = modelType?.GetProperty(match.Groups[1].Value);
                if (property?.PropertyType.IsEnum == true)
                    shown.Add(property.PropertyType);
            }
        }

        // In code: an enum localized by name (GetLocalizedEnumAsync or ToSelectListAsync in the same file).
        foreach (var code in codeTexts.Where(text => text.Contains("GetLocalizedEnumAsync", StringComparison.Ordinal)
            || text.Contains("ToSelectListAsync", StringComparison.Ordinal)))
        {
            shown.UnionWith(enums.Where(type => Regex.IsMatch(code, $@"\b{type.Name}\b")));
        }

        return shown;
    }

    private static Type FindType(string name)
    {
        var simple = name.Split('.').Last();
        return _plugin.GetTypes().FirstOrDefault(type => type.FullName == name || type.Name == simple);
    }

    private static bool HasPropertyPath(Type type, string path)
    {
        foreach (var part in path.Split('.'))
        {
            var name = Regex.Replace(part, @"\[[^\]]*\]$", string.Empty);
            var property = type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance);
            if (property == null)
                return false;

            type = property.PropertyType;
            if (part.EndsWith(']'))
            {
                type = type.IsArray
                    ? type.GetElementType()
                    : type.GetInterfaces().Append(type)
                        .FirstOrDefault(candidate => candidate.IsGenericType && candidate.GetGenericTypeDefinition() == typeof(IEnumerable<>))
                        ?.GetGenericArguments()[0];
                if (type == null)
                    return false;
            }
        }

        return true;
    }

    [GeneratedRegex(@"\bT\(\s*""([^""]+)""")]
    private static partial Regex TextCall();

    [GeneratedRegex(@"""(Plugins\.Misc\.Smtp\.[A-Za-z0-9_.]+)""")]
    private static partial Regex ResourceLiteral();

    [GeneratedRegex(@"""([A-Za-z][A-Za-z0-9_.]*)""")]
    private static partial Regex Literal();

    [GeneratedRegex(@"\basp-(for|validation-for)=""@?(?:Model\.)?([^""]+)""")]
    private static partial Regex AspFor();

    [GeneratedRegex(@"^@model\s+([\w.]+)", RegexOptions.Multiline)]
    private static partial Regex ModelDirective();

    [GeneratedRegex(@"Model\.(\w+)\.ToSelectListAsync\(")]
    private static partial Regex SelectListCall();

    [GeneratedRegex(@"<[\w-]+[^>]*\basp-for=""Password""[^>]*>")]
    private static partial Regex PasswordElement();
}
