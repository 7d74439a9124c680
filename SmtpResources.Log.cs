namespace Nop.Plugin.Misc.Smtp;

public static partial class SmtpResources
{
    /// <summary>
    /// Texts of the send log pages.
    /// </summary>
    private static IReadOnlyDictionary<string, string> Log => new Dictionary<string, string>
    {
    };
}
