using System.Text;
using Xunit;
using Xunit.Sdk;

namespace Nop.Plugin.Misc.Smtp.Tests.Hardening;

/// <summary>
/// Asserts that a text carries none of the forms in which an SMTP password travels: the password itself, its base64
/// (AUTH LOGIN sends exactly that), and both AUTH PLAIN blobs (with and without the authorization identity).
/// </summary>
public static class SecretAssert
{
    /// <summary>
    /// Every form of the password that must never be stored or shown.
    /// </summary>
    public static IReadOnlyList<string> Forms(string username, string password)
    {
        username ??= string.Empty;
        static string Base64(string value) => Convert.ToBase64String(Encoding.UTF8.GetBytes(value));

        return new[]
        {
            password,
            Base64(password),
            Base64($"\0{username}\0{password}"),
            Base64($"{username}\0{username}\0{password}")
        };
    }

    public static void DoesNotContainSecret(string text, string username, string password)
    {
        Assert.False(string.IsNullOrEmpty(password), "The test needs a password to look for.");
        if (string.IsNullOrEmpty(text))
            return;

        foreach (var form in Forms(username, password))
        {
            if (text.Contains(form, StringComparison.Ordinal))
                throw new XunitException($"The text holds the password (as \"{form}\"):\n{text}");
        }
    }

    /// <summary>
    /// Checks an exception's message and every inner exception's message (and aggregate members).
    /// </summary>
    public static void ExceptionDoesNotContainSecret(Exception exception, string username, string password)
    {
        var pending = new Stack<Exception>();
        pending.Push(exception);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            if (current == null)
                continue;

            DoesNotContainSecret(current.Message, username, password);
            DoesNotContainSecret(current.ToString(), username, password);
            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                    pending.Push(inner);
            }
            else
            {
                pending.Push(current.InnerException);
            }
        }
    }
}
