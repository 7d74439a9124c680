using System.Security.Cryptography;
using System.Text;
using Nop.Plugin.Misc.Smtp.Domain;
using Nop.Plugin.Misc.Smtp.Services;
using Nop.Plugin.Misc.Smtp.Tests.Infrastructure;
using Xunit;

namespace Nop.Plugin.Misc.Smtp.Tests.Hardening;

/// <summary>
/// Unusual but valid input checked on what the SMTP server received (envelope and raw bytes), through the store's
/// IEmailSender.
/// </summary>
public sealed class WireInputTests
{
    private static ScriptedSmtpServer Start(bool smtpUtf8)
    {
        var options = new ScriptedSmtpServerOptions();
        if (!smtpUtf8)
            options.Capabilities = options.Capabilities.Where(capability => capability != "SMTPUTF8").ToList();
        return ScriptedSmtpServer.Start(options);
    }

    [Fact]
    public async Task Send_PunctuationInNamesAndHeaders_ProducesNoExtraHeaderOrRecipientOnTheWire()
    {
        await using var server = Start(smtpUtf8: false);
        await using var harness = new SenderHarness().UseServer(server.Port);
        const string hostile = "\"Evil\" <x@evil.example>, Bcc: victim@evil.example; =?utf-8?B?QmNj?=";

        await harness.SendAsync(subject: hostile, toName: hostile, fromName: hostile, replyTo: "reply@example.com", replyToName: hostile,
            headers: new Dictionary<string, string> { ["X-Note"] = hostile, ["Bcc: victim@evil.example\r\nX-A"] = "1" });

        var message = Assert.Single(server.Messages);
        Assert.Equal(new[] { "customer@example.com" }, message.EnvelopeRecipients);
        var names = MessageRoundTrip.HeaderNames(message.RawBytes);
        Assert.DoesNotContain(names, name => name.Equals("Bcc", StringComparison.OrdinalIgnoreCase) || name.Equals("Cc", StringComparison.OrdinalIgnoreCase));
        Assert.Single(names, name => name == "To");
        Assert.Equal(hostile, message.Parsed.Subject);
        Assert.Equal(hostile, message.Parsed.To.Mailboxes.Single().Name);
        Assert.Equal("customer@example.com", message.Parsed.To.Mailboxes.Single().Address);
        Assert.Equal(hostile, message.Parsed.Headers["X-Note"]);
        Assert.Contains("Custom header skipped", Assert.Single(harness.Log.Entries).Notes);
    }

    [Fact]
    public async Task Send_InternationalDomainWithoutSmtpUtf8_PutsPunycodeInTheEnvelope()
    {
        await using var server = Start(smtpUtf8: false);
        await using var harness = new SenderHarness().UseServer(server.Port);

        await harness.SendAsync(to: "kunde@bücher.example", cc: ["info@münchen.example"]);

        var message = Assert.Single(server.Messages);
        Assert.Equal(new[] { "kunde@xn--bcher-kva.example", "info@xn--mnchen-3ya.example" }, message.EnvelopeRecipients);
        Assert.All(message.RawBytes, b => Assert.True(b < 0x80, "A non-ASCII byte went to a server without SMTPUTF8."));
    }

    [Fact]
    public async Task Send_InternationalLocalPartWithSmtpUtf8_ArrivesIntact()
    {
        await using var server = Start(smtpUtf8: true);
        await using var harness = new SenderHarness().UseServer(server.Port);

        await harness.SendAsync(to: "jürgen@example.com");

        var message = Assert.Single(server.Messages);
        Assert.Equal(new[] { "jürgen@example.com" }, message.EnvelopeRecipients);
        Assert.True(message.MailParameters.ContainsKey("SMTPUTF8"));
        Assert.Equal("jürgen@example.com", message.Parsed.To.Mailboxes.Single().Address);
    }

    [Fact]
    public async Task Send_InternationalLocalPartWithoutSmtpUtf8_FailsWithAClearErrorNamingTheAddress()
    {
        await using var server = Start(smtpUtf8: false);
        await using var harness = new SenderHarness().UseServer(server.Port);

        var (failure, _, _) = await FaultAssert.FailsAsync(harness, SmtpFailureReason.Input, h => h.SendAsync(to: "jürgen@example.com"));

        Assert.Contains("jürgen@example.com", failure.Message);
        Assert.Contains("SMTPUTF8", failure.Message);
        Assert.Empty(server.AllMessages);
    }

    [Fact]
    public async Task Send_QuotedLocalPart_ArrivesIntactInTheEnvelope()
    {
        await using var server = Start(smtpUtf8: false);
        await using var harness = new SenderHarness().UseServer(server.Port);

        await harness.SendAsync(to: "\"john doe\"@example.com");

        var message = Assert.Single(server.Messages);
        Assert.Equal(new[] { "\"john doe\"@example.com" }, message.EnvelopeRecipients);
    }

    [Fact]
    public async Task Send_ThousandBccRecipients_AreAllInTheEnvelopeAndNoBccHeaderIsSent()
    {
        await using var server = Start(smtpUtf8: false);
        await using var harness = new SenderHarness().UseServer(server.Port);
        var bcc = Enumerable.Range(0, 1000).Select(i => $"subscriber{i}@example.org").ToList();

        await harness.SendAsync(bcc: bcc);

        var message = Assert.Single(server.Messages);
        Assert.Equal(new[] { "customer@example.com" }.Concat(bcc), message.EnvelopeRecipients);
        Assert.DoesNotContain(MessageRoundTrip.HeaderNames(message.RawBytes), name => name.Equals("Bcc", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain("subscriber1@example.org", Encoding.ASCII.GetString(message.RawBytes));
        Assert.Equal(1000, Assert.Single(harness.Log.Entries).BccCount);
    }

    [Fact]
    public async Task Send_25MegabyteAttachment_ArrivesByteIdentical()
    {
        var path = Path.Combine(Path.GetTempPath(), $"hardening-{Guid.NewGuid():N}.bin");
        var content = new byte[25 * 1024 * 1024];
        new Random(25).NextBytes(content);
        await File.WriteAllBytesAsync(path, content);
        try
        {
            await using var server = Start(smtpUtf8: false);
            await using var harness = new SenderHarness().UseServer(server.Port, timeoutSeconds: 120);

            await harness.SendAsync(attachmentFilePath: path, attachmentFileName: "catalogue.bin");

            var message = Assert.Single(server.Messages);
            var attachment = Assert.IsType<MimeKit.MimePart>(Assert.Single(message.Parsed.Attachments));
            Assert.Equal("catalogue.bin", attachment.FileName);
            using var decoded = new MemoryStream();
            attachment.Content.DecodeTo(decoded);
            Assert.Equal(SHA256.HashData(content), SHA256.HashData(decoded.ToArray()));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Send_AttachmentPathThatDoesNotExist_SendsWithoutItAndNotesItInTheLog()
    {
        await using var server = Start(smtpUtf8: false);
        await using var harness = new SenderHarness().UseServer(server.Port);
        var path = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.pdf");

        await harness.SendAsync(attachmentFilePath: path, attachmentFileName: "invoice.pdf");

        var message = Assert.Single(server.Messages);
        Assert.Empty(message.Parsed.Attachments);
        var entry = Assert.Single(harness.Log.Entries);
        Assert.Equal(SendStatus.Sent, entry.Status);
        Assert.Contains(path, entry.Notes);
    }

    [Fact]
    public async Task Send_EmptyBodyAndNullReplyTo_IsDelivered()
    {
        await using var server = Start(smtpUtf8: false);
        await using var harness = new SenderHarness().UseServer(server.Port);

        await harness.SendAsync(body: null, replyTo: null);

        var message = Assert.Single(server.Messages);
        Assert.Empty(message.Parsed.ReplyTo);
        Assert.True(string.IsNullOrWhiteSpace(message.Parsed.HtmlBody));
    }

    [Fact]
    public async Task Send_SubjectOf10000Characters_IsDeliveredWithinTheLineLimitAndParsesBackEqual()
    {
        await using var server = Start(smtpUtf8: false);
        await using var harness = new SenderHarness().UseServer(server.Port);
        var subject = string.Concat(Enumerable.Range(0, 2000).Select(i => $"ä{i % 10}x ")).PadRight(10000, 'y')[..10000];

        await harness.SendAsync(subject: subject);

        var message = Assert.Single(server.Messages);
        Assert.All(Encoding.UTF8.GetString(message.RawBytes).Split("\r\n"), line => Assert.True(line.Length <= 998));
        Assert.Equal(subject, message.Parsed.Subject);
    }
}
