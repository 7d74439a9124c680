namespace Nop.Plugin.Misc.Smtp;

/// <summary>
/// Every text the plugin shows, in English, installed as nopCommerce locale resources and removed on uninstall.
/// Keys: Plugins.Misc.Smtp.Fields.X with .Hint for the tooltip and .Help for the text under the field; enums use
/// Enums.&lt;full type name&gt;.&lt;value&gt;. Each page keeps its texts in its own part of this class.
/// </summary>
public static partial class SmtpResources
{
    /// <summary>
    /// All texts of all parts.
    /// </summary>
    public static IReadOnlyDictionary<string, string> English { get; } = new[] { Settings, Log }
        .SelectMany(part => part)
        .ToDictionary(pair => pair.Key, pair => pair.Value);
}
