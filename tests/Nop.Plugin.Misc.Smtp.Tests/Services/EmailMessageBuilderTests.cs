using System.Text;
using MimeKit;
using Moq;
using Nop.Core.Domain.Media;
using Nop.Core.Infrastructure;
using Nop.Plugin.Misc.Smtp.Domain;
using Nop.Plugin.Misc.Smtp.Services;
using Nop.Services.Media;

namespace Nop.Plugin.Misc.Smtp.Tests.Services;

/// <summary>
/// Builds messages and parses them back, as a receiving server would.
/// </summary>
public class EmailMessageBuilderTests
{
    private readonly Mock<IDownloadService> _downloads = new();
    private readonly Mock<INopFileProvider> _files = new();

    private EmailMessageBuilder CreateBuilder() => new(_downloads.Object, _files.Object);

    private static EmailRequest Request(Func<EmailRequest, EmailRequest> change = null)
    {
        var request = new EmailRequest
        {
            Subject = "Your order #1001",
            Body = "<p>Thanks!</p>",
            FromAddress = "shop@example.com",
            FromName = "Example Shop",
            ToAddress = "customer@example.org",
            ToName = "Ann Customer"
        };

        return change == null ? request : change(request);
    }

    private async Task<MimeMessage> BuildAndReparseAsync(EmailRequest request, SmtpSettings settings = null)
    {
        using var built = await CreateBuilder().BuildAsync(request, settings ?? new SmtpSettings(), CancellationToken.None);
        using var stream = new MemoryStream();
        await built.Message.WriteToAsync(stream);
        stream.Position = 0;
        return await MimeMessage.LoadAsync(stream);
    }

    [Fact]
    public async Task Build_CarriesFromToSubjectAndHtmlBody()
    {
        var message = await BuildAndReparseAsync(Request());

        Assert.Equal("shop@example.com", message.From.Mailboxes.Single().Address);
        Assert.Equal("Example Shop", message.From.Mailboxes.Single().Name);
        Assert.Equal("customer@example.org", message.To.Mailboxes.Single().Address);
        Assert.Equal("Ann Customer", message.To.Mailboxes.Single().Name);
        Assert.Equal("Your order #1001", message.Subject);
        // MIME text ends with a line break on the wire.
        Assert.Equal("<p>Thanks!</p>", message.HtmlBody.TrimEnd('\r', '\n'));
    }

    [Fact]
    public async Task Build_TrimsCcAndBccAndSkipsBlanks_AsNopCommerceDoes()
    {
        using var built = await CreateBuilder().BuildAsync(Request(r => r with
        {
            Cc = [" cc1@example.org ", "", "  "],
            Bcc = ["bcc1@example.org", null, " bcc2@example.org"]
        }), new SmtpSettings(), CancellationToken.None);

        Assert.Equal(["cc1@example.org"], built.Message.Cc.Mailboxes.Select(mailbox => mailbox.Address));
        Assert.Equal(["bcc1@example.org", "bcc2@example.org"], built.Message.Bcc.Mailboxes.Select(mailbox => mailbox.Address));
    }

    [Fact]
    public async Task Build_ReplyTo_OnlyWhenGiven_ElseTheConfiguredDefault()
    {
        var withOwn = await BuildAndReparseAsync(Request(r => r with { ReplyToAddress = "help@example.com", ReplyToName = "Help" }),
            new SmtpSettings { DefaultReplyToAddress = "default@example.com" });
        var withDefault = await BuildAndReparseAsync(Request(), new SmtpSettings { DefaultReplyToAddress = "default@example.com" });
        var without = await BuildAndReparseAsync(Request());

        Assert.Equal("help@example.com", withOwn.ReplyTo.Mailboxes.Single().Address);
        Assert.Equal("default@example.com", withDefault.ReplyTo.Mailboxes.Single().Address);
        Assert.Empty(without.ReplyTo);
    }

    [Fact]
    public async Task Build_Utf8SubjectAndNames_RoundTrip()
    {
        var message = await BuildAndReparseAsync(Request(r => r with
        {
            Subject = "Commande n° 42 — déjà expédiée ✓ 注文",
            ToName = "Zoë Ångström",
            FromName = "Boutique « Été »"
        }));

        Assert.Equal("Commande n° 42 — déjà expédiée ✓ 注文", message.Subject);
        Assert.Equal("Zoë Ångström", message.To.Mailboxes.Single().Name);
        Assert.Equal("Boutique « Été »", message.From.Mailboxes.Single().Name);
    }

    [Fact]
    public async Task Build_CustomHeaders_AreAdded()
    {
        var message = await BuildAndReparseAsync(Request(r => r with
        {
            Headers = new Dictionary<string, string> { ["X-Order-Id"] = "1001", ["List-Unsubscribe"] = "<mailto:u@example.com>" }
        }));

        Assert.Equal("1001", message.Headers["X-Order-Id"]);
        Assert.Equal("<mailto:u@example.com>", message.Headers["List-Unsubscribe"]);
    }

    [Fact]
    public async Task Build_CustomHeaderWithAnInvalidName_IsSkippedAndNoted()
    {
        using var built = await CreateBuilder().BuildAsync(Request(r => r with
        {
            Headers = new Dictionary<string, string> { ["Bad Name:"] = "x", ["X-Good"] = "y" }
        }), new SmtpSettings(), CancellationToken.None);

        Assert.Equal("y", built.Message.Headers["X-Good"]);
        Assert.DoesNotContain(built.Message.Headers, header => header.Field.Contains("Bad", StringComparison.Ordinal));
        Assert.Contains(built.Notes, note => note.Contains("Bad Name:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Subject\r\nBcc: victim@example.net")]
    [InlineData("Subject\nX-Injected: 1")]
    [InlineData("Subject\rX-Injected: 1")]
    public async Task Build_LineBreakInTheSubject_IsRefusedBeforeAnythingIsSent(string subject)
    {
        var failure = await Assert.ThrowsAsync<SmtpSendException>(() =>
            CreateBuilder().BuildAsync(Request(r => r with { Subject = subject }), new SmtpSettings(), CancellationToken.None));

        Assert.Equal(SmtpFailureReason.Input, failure.Reason);
        Assert.Contains("subject", failure.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-an-address")]
    [InlineData("two@example.com, three@example.com")]
    [InlineData("Name <inner@example.com>")]
    public async Task Build_InvalidToAddress_FailsNamingTheField(string address)
    {
        var failure = await Assert.ThrowsAsync<SmtpSendException>(() =>
            CreateBuilder().BuildAsync(Request(r => r with { ToAddress = address }), new SmtpSettings(), CancellationToken.None));

        Assert.Equal(SmtpFailureReason.Input, failure.Reason);
        Assert.Contains("To", failure.Message);
    }

    [Fact]
    public async Task Build_FileAttachment_KeepsBytesAndTheGivenName()
    {
        var path = Path.GetTempFileName();
        var bytes = Enumerable.Range(0, 70_000).Select(i => (byte)(i * 31)).ToArray();
        await File.WriteAllBytesAsync(path, bytes);
        _files.Setup(files => files.FileExists(path)).Returns(true);
        try
        {
            var message = await BuildAndReparseAsync(Request(r => r with { AttachmentFilePath = path, AttachmentFileName = "invoice 1001.pdf" }));

            var attachment = message.Attachments.OfType<MimePart>().Single();
            Assert.Equal("invoice 1001.pdf", attachment.FileName);
            Assert.Equal("application/pdf", attachment.ContentType.MimeType);
            using var decoded = new MemoryStream();
            await attachment.Content.DecodeToAsync(decoded);
            Assert.Equal(bytes, decoded.ToArray());
            Assert.Equal("<p>Thanks!</p>", message.HtmlBody);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Build_MissingAttachmentFile_IsSkippedAndNoted_AsNopCommerceSkipsIt()
    {
        _files.Setup(files => files.FileExists(It.IsAny<string>())).Returns(false);

        using var built = await CreateBuilder().BuildAsync(Request(r => r with { AttachmentFilePath = "/nowhere/invoice.pdf" }),
            new SmtpSettings(), CancellationToken.None);

        Assert.Empty(built.Message.Attachments);
        Assert.Contains(built.Notes, note => note.Contains("/nowhere/invoice.pdf", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Build_DownloadAttachment_UsesItsNameAndExtension()
    {
        _downloads.Setup(downloads => downloads.GetDownloadByIdAsync(7)).ReturnsAsync(new Download
        {
            Id = 7, Filename = "manual", Extension = ".txt", DownloadBinary = Encoding.UTF8.GetBytes("read me")
        });

        var message = await BuildAndReparseAsync(Request(r => r with { AttachedDownloadId = 7 }));

        var attachment = message.Attachments.OfType<MimePart>().Single();
        Assert.Equal("manual.txt", attachment.FileName);
        using var decoded = new MemoryStream();
        await attachment.Content.DecodeToAsync(decoded);
        Assert.Equal("read me", Encoding.UTF8.GetString(decoded.ToArray()));
    }

    [Fact]
    public async Task Build_DownloadThatIsAUrl_IsNotAttached()
    {
        _downloads.Setup(downloads => downloads.GetDownloadByIdAsync(8)).ReturnsAsync(new Download
        {
            Id = 8, UseDownloadUrl = true, DownloadUrl = "https://example.com/file.zip"
        });

        var message = await BuildAndReparseAsync(Request(r => r with { AttachedDownloadId = 8 }));

        Assert.Empty(message.Attachments);
    }

    [Fact]
    public async Task Build_ForcedFrom_ReplacesTheAccountsAddressAndName()
    {
        var message = await BuildAndReparseAsync(Request(), new SmtpSettings { ForceFromAddress = "verified@example.com", ForceFromName = "Shop" });

        Assert.Equal("verified@example.com", message.From.Mailboxes.Single().Address);
        Assert.Equal("Shop", message.From.Mailboxes.Single().Name);
    }

    [Fact]
    public async Task Build_ArchiveBcc_IsAddedAsBlindCopy()
    {
        using var built = await CreateBuilder().BuildAsync(Request(), new SmtpSettings { ArchiveBccAddress = "archive@example.com" }, CancellationToken.None);

        Assert.Equal(["archive@example.com"], built.Message.Bcc.Mailboxes.Select(mailbox => mailbox.Address));
    }

    [Fact]
    public async Task Build_RedirectMode_SendsOnlyToTheRedirectAddress_AndNotesTheOriginalRecipients()
    {
        var message = await BuildAndReparseAsync(Request(r => r with { Cc = ["cc@example.org"], Bcc = ["bcc@example.org"] }),
            new SmtpSettings { DeveloperMode = DeveloperMode.Redirect, RedirectToAddress = "dev@example.com" });

        Assert.Equal(["dev@example.com"], message.To.Mailboxes.Select(mailbox => mailbox.Address));
        Assert.Empty(message.Cc);
        Assert.Empty(message.Bcc);
        var original = message.Headers[EmailMessageBuilder.OriginalRecipientsHeader];
        Assert.Contains("customer@example.org", original);
        Assert.Contains("cc@example.org", original);
        Assert.Contains("bcc@example.org", original);
    }

    [Theory]
    [InlineData("Bcc", "someone@example.net")]
    [InlineData("cc", "someone@example.net")]
    [InlineData("To", "someone@example.net")]
    [InlineData("From", "spoof@example.net")]
    [InlineData("Resent-To", "someone@example.net")]
    [InlineData("Content-Type", "text/plain")]
    public async Task Build_CustomHeaderThatWouldAddARecipientOrSender_IsSkippedAndNoted(string name, string value)
    {
        using var built = await CreateBuilder().BuildAsync(Request(r => r with
        {
            Headers = new Dictionary<string, string> { [name] = value }
        }), new SmtpSettings(), CancellationToken.None);

        Assert.Equal(["customer@example.org"], built.Message.To.Mailboxes.Select(mailbox => mailbox.Address));
        Assert.Empty(built.Message.Cc);
        Assert.Empty(built.Message.Bcc);
        Assert.Empty(built.Message.ResentTo);
        Assert.Equal(["shop@example.com"], built.Message.From.Mailboxes.Select(mailbox => mailbox.Address));
        Assert.Equal("text/html", built.Message.Body.ContentType.MimeType);
        Assert.Contains(built.Notes, note => note.Contains(name, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Build_RedirectMode_IgnoresABccHeaderThatWouldReachARealCustomer()
    {
        using var built = await CreateBuilder().BuildAsync(Request(r => r with
        {
            Headers = new Dictionary<string, string> { ["Bcc"] = "real.customer@example.net" }
        }), new SmtpSettings { DeveloperMode = DeveloperMode.Redirect, RedirectToAddress = "dev@example.com" }, CancellationToken.None);

        Assert.Equal(["dev@example.com"], built.Message.GetRecipients().Select(mailbox => mailbox.Address));
    }

    [Theory]
    [InlineData("/ЪȺƱ伌0Ɍǖ^Bcc: x@y.example(3)Ȱ?U6PӋR# 1?=伻Ï5")]
    [InlineData("Zoë (Ålesund) \"VIP\"")]
    [InlineData("Back\\slash Ünïcode")]
    public void Build_NameWithParenthesesQuotesOrBackslashAndUnicode_ArrivesUnchanged(string name)
    {
        // As transmitted: MailKit's SMTP formatting, then parsed as the receiving side would.
        using var built = Hardening.MessageRoundTrip.Build(Hardening.MessageRoundTrip.Request("Subject") with
        {
            ToName = name, FromName = name, ReplyToAddress = "reply@example.com", ReplyToName = name
        });
        var parsed = Hardening.MessageRoundTrip.Parse(Hardening.MessageRoundTrip.ToWireBytes(built.Message));

        Assert.Equal(name, parsed.To.Mailboxes.Single().Name);
        Assert.Equal(name, parsed.From.Mailboxes.Single().Name);
        Assert.Equal(name, parsed.ReplyTo.Mailboxes.Single().Name);
        Assert.Empty(parsed.Bcc);
    }
}
