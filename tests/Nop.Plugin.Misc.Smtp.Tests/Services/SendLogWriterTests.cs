using Moq;
using Nop.Core.Domain.Customers;
using Nop.Data;
using Nop.Plugin.Misc.Smtp.Domain;
using Nop.Plugin.Misc.Smtp.Services;
using Nop.Services.Logging;

namespace Nop.Plugin.Misc.Smtp.Tests.Services;

public class SendLogWriterTests
{
    private readonly Mock<IRepository<SmtpLogEntry>> _repository = new();
    private readonly Mock<ILogger> _logger = new();

    private static SmtpLogEntry SentEntry() => new()
    {
        Status = SendStatus.Sent, ToAddress = "jane@example.com", Subject = "Your order"
    };

    [Fact]
    public async Task Record_WritesTheEntry()
    {
        var entry = SentEntry();

        await new SendLogWriter(_repository.Object, _logger.Object).RecordAsync(entry);

        _repository.Verify(repository => repository.InsertAsync(entry, It.IsAny<bool>()), Times.Once);
        _logger.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Record_WhenTheTableCannotBeWritten_DoesNotThrow_AndReportsToNopCommercesLog()
    {
        var failure = new InvalidOperationException("table SmtpLogEntry is locked");
        _repository.Setup(repository => repository.InsertAsync(It.IsAny<SmtpLogEntry>(), It.IsAny<bool>())).ThrowsAsync(failure);

        var exception = await Record.ExceptionAsync(() => new SendLogWriter(_repository.Object, _logger.Object).RecordAsync(SentEntry()));

        Assert.Null(exception);
        _logger.Verify(logger => logger.ErrorAsync(
            It.Is<string>(message => message.Contains("jane@example.com") && message.Contains("table SmtpLogEntry is locked")),
            failure, It.IsAny<Customer>()), Times.Once);
    }

    [Fact]
    public async Task Record_WhenBothLogsFail_StillDoesNotThrow()
    {
        _repository.Setup(repository => repository.InsertAsync(It.IsAny<SmtpLogEntry>(), It.IsAny<bool>()))
            .ThrowsAsync(new InvalidOperationException("database down"));
        _logger.Setup(logger => logger.ErrorAsync(It.IsAny<string>(), It.IsAny<Exception>(), It.IsAny<Customer>()))
            .ThrowsAsync(new InvalidOperationException("database down"));

        var exception = await Record.ExceptionAsync(() => new SendLogWriter(_repository.Object, _logger.Object).RecordAsync(SentEntry()));

        Assert.Null(exception);
    }
}
