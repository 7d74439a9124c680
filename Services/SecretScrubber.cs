using System.Text;

namespace Nop.Plugin.Misc.Smtp.Services;

/// <summary>
/// Replaces every form in which a password can travel (plain, base64, inside an AUTH PLAIN blob) with a mask.
/// Applied to transcripts and exception messages as a second line of defence after the transcript's AUTH redaction.
/// </summary>
public sealed class SecretScrubber
{
    public const string Mask = "********";

    private readonly string[] _secrets;

    public SecretScrubber(string username, string password)
    {
        if (string.IsNullOrEmpty(password))
        {
            _secrets = [];
            return;
        }

        username ??= string.Empty;
        string Base64(string value) => Convert.ToBase64String(Encoding.UTF8.GetBytes(value));

        _secrets = new[]
            {
                password,
                Base64(password),
                Base64($"\0{username}\0{password}"),
                Base64($"{username}\0{username}\0{password}")
            }
            .Where(secret => secret.Length >= 3)
            .Distinct()
            .OrderByDescending(secret => secret.Length)
            .ToArray();
    }

    /// <summary>
    /// A scrubber that knows no secret.
    /// </summary>
    public static SecretScrubber None { get; } = new(null, null);

    public string Scrub(string text)
    {
        if (string.IsNullOrEmpty(text) || _secrets.Length == 0)
            return text;

        foreach (var secret in _secrets)
            text = text.Replace(secret, Mask, StringComparison.Ordinal);

        return text;
    }
}
