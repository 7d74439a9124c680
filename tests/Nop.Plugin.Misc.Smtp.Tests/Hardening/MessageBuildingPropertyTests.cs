using CsCheck;
using Nop.Plugin.Misc.Smtp.Services;
using Xunit;

namespace Nop.Plugin.Misc.Smtp.Tests.Hardening;

/// <summary>
/// For any subject, display names and header value (unicode, quotes, commas, angle brackets, semicolons, look-alike
/// encoded words, but no control characters) the transmitted message parses back to the same values with no header
/// added; any control character is refused.
/// </summary>
public sealed class MessageBuildingPropertyTests
{
    private static readonly string[] _expectedHeaders = ["From", "To", "Reply-To", "Subject", "X-Order-Note"];

    private static readonly Gen<string> _piece = Gen.OneOf(
        Gen.Char['a', 'z'].Select(c => c.ToString()),
        Gen.Char['A', 'Z'].Select(c => c.ToString()),
        Gen.Char["0123456789 "].Select(c => c.ToString()),
        Gen.Char["\"',;:<>@()[]\\.=?_-!#$%&*+/^`{|}~"].Select(c => c.ToString()),
        Gen.Char['\u00C0', '\u024F'].Select(c => c.ToString()),
        Gen.Char['\u0400', '\u04FF'].Select(c => c.ToString()),
        Gen.Char['\u4E00', '\u4FFF'].Select(c => c.ToString()),
        Gen.OneOfConst("😀", "🛒", "=?utf-8?B?SGk=?=", "=?", "?=", "Bcc: x@y.example", "\u00A0", "\u200B"));

    // Text as nopCommerce passes it: no control characters, and no leading or trailing white space (which RFC 5322
    // folding does not preserve and nobody means).
    private static readonly Gen<string> _text = _piece.Array[0, 30]
        .Select(pieces => string.Concat(pieces).Trim());

    private static readonly Gen<string> _controlCharacter = Gen.OneOf(
        Gen.Char['\u0000', '\u0008'], Gen.Char['\u000A', '\u001F'], Gen.Char['\u007F', '\u009F'], Gen.Char["\u2028\u2029"])
        .Select(c => c.ToString());

    [Fact]
    public void Build_AnyPrintableValues_ParseBackEqualWithNoHeaderAdded()
    {
        Gen.Select(_text, _text, _text, _text, _text).Sample((subject, fromName, toName, replyToName, headerValue) =>
        {
            var request = MessageRoundTrip.Request(subject) with
            {
                FromName = fromName,
                ToName = toName,
                ReplyToAddress = "reply@example.com",
                ReplyToName = replyToName,
                Headers = new Dictionary<string, string> { ["X-Order-Note"] = headerValue }
            };

            using var built = MessageRoundTrip.Build(request);
            var bytes = MessageRoundTrip.ToWireBytes(built.Message);
            var parsed = MessageRoundTrip.Parse(bytes);

            Assert.Equal(subject, parsed.Subject);
            Assert.Equal(fromName, parsed.From.Mailboxes.Single().Name ?? string.Empty);
            Assert.Equal("shop@example.com", parsed.From.Mailboxes.Single().Address);
            Assert.Equal(toName, parsed.To.Mailboxes.Single().Name ?? string.Empty);
            Assert.Equal("customer@example.com", parsed.To.Mailboxes.Single().Address);
            Assert.Equal(replyToName, parsed.ReplyTo.Mailboxes.Single().Name ?? string.Empty);
            Assert.Equal(headerValue, parsed.Headers["X-Order-Note"] ?? string.Empty);
            Assert.Empty(parsed.Cc);
            Assert.Empty(parsed.Bcc);

            var names = MessageRoundTrip.HeaderNames(bytes);
            foreach (var expected in _expectedHeaders)
                Assert.Single(names, name => name.Equals(expected, StringComparison.OrdinalIgnoreCase));
            Assert.All(names, name => Assert.Contains(name, new[] { "Date", "Message-Id", "MIME-Version", "Content-Type", "Content-Transfer-Encoding" }.Concat(_expectedHeaders), StringComparer.OrdinalIgnoreCase));
        }, iter: 500);
    }

    [Fact]
    public void Build_AnyValueWithAControlCharacter_IsRefusedAsInput()
    {
        var field = Gen.Int[0, 5];
        Gen.Select(_text, _controlCharacter, Gen.Int[0, 1000], field).Sample((text, control, position, which) =>
        {
            var at = text.Length == 0 ? 0 : position % (text.Length + 1);
            var value = text.Insert(at, control);
            var request = which switch
            {
                0 => MessageRoundTrip.Request(value),
                1 => MessageRoundTrip.Request() with { FromName = value },
                2 => MessageRoundTrip.Request() with { ToName = value },
                3 => MessageRoundTrip.Request() with { ReplyToAddress = "reply@example.com", ReplyToName = value },
                4 => MessageRoundTrip.Request() with { Headers = new Dictionary<string, string> { ["X-Order-Note"] = value } },
                _ => MessageRoundTrip.Request() with { ToAddress = "customer" + control + "@example.com" }
            };

            var failure = Assert.Throws<SmtpSendException>(() => MessageRoundTrip.Build(request));
            Assert.Equal(SmtpFailureReason.Input, failure.Reason);
        }, iter: 500);
    }
}
