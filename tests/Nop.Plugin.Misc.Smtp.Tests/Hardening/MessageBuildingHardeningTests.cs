using System.Text;
using MimeKit;
using Nop.Plugin.Misc.Smtp.Services;
using Xunit;

namespace Nop.Plugin.Misc.Smtp.Tests.Hardening;

/// <summary>
/// Edge cases of message building checked on the bytes MailKit would transmit, parsed back with MimeKit.
/// </summary>
public sealed class MessageBuildingHardeningTests
{
    [Theory]
    [InlineData("X Order")]
    [InlineData("X-Order:")]
    [InlineData("X-Order\r\nBcc")]
    [InlineData("X-Ördér")]
    [InlineData("")]
    public void Build_CustomHeaderWithInvalidName_IsSkippedAndNoted(string name)
    {
        var request = MessageRoundTrip.Request() with
        {
            Headers = new Dictionary<string, string> { [name] = "victim@evil.example", ["X-Valid"] = "kept" }
        };

        using var built = MessageRoundTrip.Build(request);
        var bytes = MessageRoundTrip.ToWireBytes(built.Message);

        var names = MessageRoundTrip.HeaderNames(bytes);
        Assert.DoesNotContain(names, header => header.Equals("Bcc", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain("victim@evil.example", Encoding.UTF8.GetString(bytes));
        Assert.Equal("kept", MessageRoundTrip.Parse(bytes).Headers["X-Valid"]);
        var note = Assert.Single(built.Notes);
        Assert.Contains("Custom header skipped", note);
    }

    [Theory]
    [InlineData("=?utf-8?B?SGk=?=")]
    [InlineData("Order =?iso-8859-1?Q?caf=E9?= for \"Anna\" <vip>")]
    [InlineData("=?utf-8?B?QmNjOiB2aWN0aW1AZXZpbC5leGFtcGxl?= 😀 Bestätigung")]
    [InlineData("Anna  Maria   Müller")]
    public void Build_TextThatLooksLikeAnEncodedWord_ParsesBackUnchangedEverywhere(string text)
    {
        var request = MessageRoundTrip.Request(text) with
        {
            FromName = text,
            ToName = text,
            ToAddress = "customer@bücher.example",
            ReplyToAddress = "reply@example.com",
            ReplyToName = text,
            Headers = new Dictionary<string, string> { ["X-Order-Note"] = text }
        };

        using var built = MessageRoundTrip.Build(request);
        var bytes = MessageRoundTrip.ToWireBytes(built.Message);
        var parsed = MessageRoundTrip.Parse(bytes);

        Assert.Equal(text, parsed.Subject);
        Assert.Equal(text, parsed.From.Mailboxes.Single().Name);
        Assert.Equal(text, parsed.To.Mailboxes.Single().Name);
        Assert.Equal("customer@bücher.example", parsed.To.Mailboxes.Single().Address);
        Assert.Equal(text, parsed.ReplyTo.Mailboxes.Single().Name);
        Assert.Equal(text, parsed.Headers["X-Order-Note"]);
        Assert.Equal("customer@bücher.example", built.Message.To.Mailboxes.Single().Address);
        Assert.All(System.Text.Encoding.UTF8.GetString(bytes).Split("\r\n"), line => Assert.True(line.Length <= 998));
    }

    [Fact]
    public void Build_SubjectOf10000Characters_IsFoldedWithinLineLimitAndParsesBackEqual()
    {
        var words = Enumerable.Range(0, 2000).Select(i => i % 7 == 0 ? "Bestellbestätigung" : $"w{i}");
        var subject = string.Join(" ", words);
        subject = subject.Length >= 10000 ? subject[..10000].TrimEnd() : subject.PadRight(10000, 'x');

        using var built = MessageRoundTrip.Build(MessageRoundTrip.Request(subject));
        var bytes = MessageRoundTrip.ToWireBytes(built.Message);

        Assert.All(Encoding.UTF8.GetString(bytes).Split("\r\n"), line => Assert.True(line.Length <= 998, $"A line of {line.Length} characters."));
        Assert.Equal(subject, MessageRoundTrip.Parse(bytes).Subject);
    }

    [Fact]
    public void Build_SubjectOf10000CharactersWithoutSpaces_IsFoldedWithinLineLimitAndParsesBackEqual()
    {
        var subject = string.Concat(Enumerable.Repeat("Ab9", 3334))[..10000];

        using var built = MessageRoundTrip.Build(MessageRoundTrip.Request(subject));
        var bytes = MessageRoundTrip.ToWireBytes(built.Message);

        Assert.All(Encoding.UTF8.GetString(bytes).Split("\r\n"), line => Assert.True(line.Length <= 998, $"A line of {line.Length} characters."));
        Assert.Equal(subject, MessageRoundTrip.Parse(bytes).Subject);
    }

    [Fact]
    public void Build_ThousandBccRecipients_AreAllRecipientsAndNoBccHeaderIsTransmitted()
    {
        var bcc = Enumerable.Range(0, 1000).Select(i => $"subscriber{i}@example.com").ToList();

        using var built = MessageRoundTrip.Build(MessageRoundTrip.Request() with { Bcc = bcc });
        var bytes = MessageRoundTrip.ToWireBytes(built.Message);

        Assert.Equal(bcc, built.Message.Bcc.Mailboxes.Select(mailbox => mailbox.Address));
        Assert.DoesNotContain(MessageRoundTrip.HeaderNames(bytes), name => name.Equals("Bcc", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain("subscriber1@example.com", Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void Build_EmptyBodyAndNullReplyTo_BuildsAMessageWithoutReplyTo()
    {
        using var built = MessageRoundTrip.Build(MessageRoundTrip.Request() with { Body = null, ReplyToAddress = null, ReplyToName = null });
        var parsed = MessageRoundTrip.Parse(MessageRoundTrip.ToWireBytes(built.Message));

        Assert.Empty(parsed.ReplyTo);
        Assert.True(string.IsNullOrWhiteSpace(parsed.HtmlBody));
        Assert.Equal("customer@example.com", parsed.To.Mailboxes.Single().Address);
    }

    [Fact]
    public void Build_AttachmentPathThatDoesNotExist_IsSkippedAndNoted()
    {
        var path = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.pdf");

        using var built = MessageRoundTrip.Build(MessageRoundTrip.Request() with { AttachmentFilePath = path, AttachmentFileName = "invoice.pdf" });

        Assert.IsType<TextPart>(built.Message.Body);
        Assert.Empty(built.Message.Attachments);
        Assert.Contains(built.Notes, note => note.Contains("Attachment skipped") && note.Contains(path));
    }

    [Fact]
    public void Build_AttachmentFileNameWithLineBreak_IsRefused()
    {
        var path = Path.GetTempFileName();
        try
        {
            var failure = Assert.Throws<SmtpSendException>(() =>
                MessageRoundTrip.Build(MessageRoundTrip.Request() with { AttachmentFilePath = path, AttachmentFileName = "a.pdf\r\nBcc: victim@evil.example" }));

            Assert.Equal(SmtpFailureReason.Input, failure.Reason);
            Assert.Contains("attachment file name", failure.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("\"john doe\"@example.com")]
    [InlineData("\"john..doe\"@example.com")]
    [InlineData("o'brien+orders@example.com")]
    [InlineData("customer@bücher.example")]
    [InlineData("customer@[127.0.0.1]")]
    public void Build_UnusualButValidRecipient_ArrivesIntactInTheHeader(string address)
    {
        using var built = MessageRoundTrip.Build(MessageRoundTrip.Request() with { ToAddress = address });
        var parsed = MessageRoundTrip.Parse(MessageRoundTrip.ToWireBytes(built.Message));

        var mailbox = Assert.Single(parsed.To.Mailboxes);
        Assert.Equal(MailboxAddress.Parse(address).Address, mailbox.Address);
    }

    [Fact]
    public void Build_RecipientOfExactly254Characters_IsAccepted()
    {
        var domain = string.Join(".", Enumerable.Repeat(new string('d', 60), 3)) + ".example";
        var address = new string('a', 254 - domain.Length - 1) + "@" + domain;
        Assert.Equal(254, address.Length);

        using var built = MessageRoundTrip.Build(MessageRoundTrip.Request() with { ToAddress = address });

        Assert.Equal(address, built.Message.To.Mailboxes.Single().Address);
    }
}
