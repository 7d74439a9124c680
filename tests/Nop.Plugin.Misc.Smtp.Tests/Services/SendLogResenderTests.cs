using Moq;
using Nop.Core.Domain.Messages;
using Nop.Plugin.Misc.Smtp.Benchmark.Fakes;
using Nop.Plugin.Misc.Smtp.Domain;
using Nop.Plugin.Misc.Smtp.Services;
using Nop.Services.Messages;

namespace Nop.Plugin.Misc.Smtp.Tests.Services;

public class SendLogResenderTests
{
    private readonly InMemoryRepository<SmtpLogEntry> _repository = new();
    private readonly Mock<IQueuedEmailService> _queuedEmailService = new();
    private readonly Mock<IEmailSender> _emailSender = new(MockBehavior.Strict);
    private readonly Mock<IEmailAccountService> _emailAccountService = new();
    private readonly EmailAccount _account = new() { Id = 4, Email = "shop@example.com" };

    public SendLogResenderTests()
    {
        _emailAccountService.Setup(service => service.GetEmailAccountByIdAsync(4)).ReturnsAsync(_account);
    }

    private SendLogResender CreateResender()
    {
        return new SendLogResender(new SendLogService(_repository), _queuedEmailService.Object, _emailSender.Object,
            _emailAccountService.Object, new EmailAccountSettings { DefaultEmailAccountId = 4 });
    }

    private SmtpLogEntry AddEntry(int? queuedEmailId = null, string body = null)
    {
        var entry = new SmtpLogEntry
        {
            Status = SendStatus.Failed, Subject = "Reset your password", Body = body,
            FromAddress = "shop@example.com", FromName = "Shop", ToAddress = "jane@example.com", ToName = "Jane",
            ReplyToAddress = "help@example.com", ReplyToName = "Help", Cc = "a@example.com; b@example.com", Bcc = "c@example.com",
            AttachmentFilePath = "/files/invoice.pdf", AttachmentFileName = "invoice.pdf", AttachedDownloadId = 9,
            QueuedEmailId = queuedEmailId
        };
        _repository.Add(entry);
        return entry;
    }

    [Fact]
    public async Task Resend_WhenTheQueuedEmailStillExists_QueuesACopyOfIt()
    {
        var queued = new QueuedEmail { Id = 12 };
        _queuedEmailService.Setup(service => service.GetQueuedEmailByIdAsync(12)).ReturnsAsync(queued);
        var entry = AddEntry(queuedEmailId: 12, body: "<p>stored too</p>");

        var result = await CreateResender().ResendAsync(entry.Id);

        Assert.Equal(ResendOutcome.Requeued, result.Outcome);
        _queuedEmailService.Verify(service => service.RequeueQueuedEmailsAsync(It.Is<IList<QueuedEmail>>(list => list.Single() == queued)), Times.Once);
    }

    [Fact]
    public async Task Resend_WhenTheQueuedEmailIsGone_SendsTheStoredBodyWithTheEntrysFields()
    {
        _emailSender.Setup(sender => sender.SendEmailAsync(_account, "Reset your password", "<p>Hello</p>",
                "shop@example.com", "Shop", "jane@example.com", "Jane", "help@example.com", "Help",
                It.Is<IEnumerable<string>>(bcc => bcc.SequenceEqual(new[] { "c@example.com" })),
                It.Is<IEnumerable<string>>(cc => cc.SequenceEqual(new[] { "a@example.com", "b@example.com" })),
                "/files/invoice.pdf", "invoice.pdf", 9, null))
            .Returns(Task.CompletedTask);
        var entry = AddEntry(queuedEmailId: 12, body: "<p>Hello</p>");

        var result = await CreateResender().ResendAsync(entry.Id);

        Assert.Equal(ResendOutcome.Sent, result.Outcome);
        _emailSender.VerifyAll();
    }

    [Fact]
    public async Task Resend_WithoutQueuedEmailOrBody_ExplainsAndSendsNothing()
    {
        var entry = AddEntry();

        var result = await CreateResender().ResendAsync(entry.Id);

        Assert.Equal(ResendOutcome.BodyNotStored, result.Outcome);
        _queuedEmailService.Verify(service => service.RequeueQueuedEmailsAsync(It.IsAny<IList<QueuedEmail>>()), Times.Never);
    }

    [Fact]
    public async Task Resend_WhenSendingFails_ReportsTheError()
    {
        _emailSender.Setup(sender => sender.SendEmailAsync(It.IsAny<EmailAccount>(), It.IsAny<string>(), It.IsAny<string>(),
                It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(),
                It.IsAny<string>(), It.IsAny<IEnumerable<string>>(), It.IsAny<IEnumerable<string>>(), It.IsAny<string>(),
                It.IsAny<string>(), It.IsAny<int>(), It.IsAny<IDictionary<string, string>>()))
            .ThrowsAsync(new InvalidOperationException("550 mailbox unavailable"));
        var entry = AddEntry(body: "<p>Hello</p>");

        var result = await CreateResender().ResendAsync(entry.Id);

        Assert.Equal(ResendOutcome.Failed, result.Outcome);
        Assert.Equal("550 mailbox unavailable", result.Error);
    }

    [Fact]
    public async Task Resend_UnknownEntry_IsNotFound()
    {
        var result = await CreateResender().ResendAsync(404);

        Assert.Equal(ResendOutcome.NotFound, result.Outcome);
    }
}
