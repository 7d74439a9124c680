using Moq;
using Nop.Plugin.Misc.Smtp.Benchmark.Fakes;
using Nop.Plugin.Misc.Smtp.Domain;
using Nop.Plugin.Misc.Smtp.Factories;
using Nop.Plugin.Misc.Smtp.Models.Log;
using Nop.Plugin.Misc.Smtp.Services;
using Nop.Plugin.Misc.Smtp.Tests.Services;
using Nop.Services.Helpers;
using Nop.Services.Localization;

namespace Nop.Plugin.Misc.Smtp.Tests.Factories;

public class SmtpLogModelFactoryTests
{
    // The admin is two hours ahead of UTC.
    private static readonly TimeZoneInfo _adminZone = TimeZoneInfo.CreateCustomTimeZone("Admin", TimeSpan.FromHours(2), "Admin", "Admin");

    private readonly Mock<IDateTimeHelper> _dateTimeHelper = new();
    private readonly Mock<ILocalizationService> _localizationService = new();
    private readonly SmtpLogModelFactory _factory;

    public SmtpLogModelFactoryTests()
    {
        _dateTimeHelper.Setup(helper => helper.GetCurrentTimeZoneAsync()).ReturnsAsync(_adminZone);
        _dateTimeHelper.Setup(helper => helper.ConvertToUtcTime(It.IsAny<DateTime>(), _adminZone))
            .Returns((DateTime local, TimeZoneInfo _) => DateTime.SpecifyKind(local.AddHours(-2), DateTimeKind.Utc));
        _dateTimeHelper.Setup(helper => helper.ConvertToUserTimeAsync(It.IsAny<DateTime>(), DateTimeKind.Utc))
            .ReturnsAsync((DateTime utc, DateTimeKind _) => DateTime.SpecifyKind(utc.AddHours(2), DateTimeKind.Unspecified));
        _localizationService.Setup(service => service.GetLocalizedEnumAsync(It.IsAny<SendStatus>(), It.IsAny<int?>()))
            .ReturnsAsync((SendStatus status, int? _) => $"[{status}]");
        _localizationService.Setup(service => service.GetLocalizedEnumAsync(It.IsAny<SmtpFailureReason>(), It.IsAny<int?>()))
            .ReturnsAsync((SmtpFailureReason reason, int? _) => $"[{reason}]");

        _factory = new SmtpLogModelFactory(_dateTimeHelper.Object, _localizationService.Object,
            new SendLogService(new InMemoryRepository<SmtpLogEntry>()));
    }

    [Fact]
    public async Task Filter_TakesWholeDaysInTheAdminsTimeZone_WithTheEndDayIncluded()
    {
        var filter = await _factory.PrepareFilterAsync(new SmtpLogSearchModel
        {
            CreatedFrom = new DateTime(2026, 3, 1, 15, 30, 0), CreatedTo = new DateTime(2026, 3, 2),
            StatusId = (int)SendStatus.Failed, SearchText = "  jane  "
        });

        Assert.Equal(new DateTime(2026, 2, 28, 22, 0, 0, DateTimeKind.Utc), filter.FromUtc);
        Assert.Equal(new DateTime(2026, 3, 2, 22, 0, 0, DateTimeKind.Utc), filter.ToUtc);
        Assert.Equal(SendStatus.Failed, filter.Status);
        Assert.Equal("jane", filter.Text);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(12345)]
    public async Task Filter_WithAllOrAnUnknownStatus_DoesNotFilterByStatus(int statusId)
    {
        var filter = await _factory.PrepareFilterAsync(new SmtpLogSearchModel { StatusId = statusId, SearchText = " " });

        Assert.Equal(SendLogFilter.All, filter);
    }

    [Fact]
    public async Task Row_ShowsTheTimeInTheAdminsTimeZone_AndTheLocalizedStatus()
    {
        var row = await _factory.PrepareRowAsync(new SmtpLogEntry
        {
            Id = 3, CreatedOnUtc = new DateTime(2026, 3, 1, 23, 0, 0, DateTimeKind.Utc), Status = SendStatus.Redirected,
            ToAddress = "jane@example.com", FromAddress = "shop@example.com", Subject = "Hi", DurationMs = 42,
            ServerReply = "250 2.0.0 OK"
        });

        Assert.Equal(new DateTime(2026, 3, 2, 1, 0, 0), row.CreatedOn);
        Assert.Equal("[Redirected]", row.Status);
        Assert.Equal(("jane@example.com", "shop@example.com", "Hi", 42, "250 2.0.0 OK"),
            (row.To, row.From, row.Subject, row.DurationMs, row.ServerReply));
    }

    [Fact]
    public async Task Details_KeepAScriptInTheSubjectAsPlainData()
    {
        const string script = "<script>alert(1)</script>";

        var model = await _factory.PrepareDetailsModelAsync(new SmtpLogEntry
        {
            Id = 1, Subject = script, ToAddress = "\"<img src=x onerror=alert(2)>\"@example.com", Status = SendStatus.Sent
        });

        // Unchanged, not pre-encoded and not stripped: the view's Razor encoding is the one place that makes it inert.
        Assert.Equal(script, model.Subject);
        Assert.Equal("\"<img src=x onerror=alert(2)>\"@example.com", model.To);
    }

    [Fact]
    public async Task Details_CarryEveryField()
    {
        var model = await _factory.PrepareDetailsModelAsync(new SmtpLogEntry
        {
            Id = 5, CreatedOnUtc = new DateTime(2026, 3, 1, 10, 0, 0, DateTimeKind.Utc), Status = SendStatus.Failed,
            FromAddress = "shop@example.com", FromName = "Shop", ToAddress = "jane@example.com", ToName = "Jane",
            Cc = "a@example.com;b@example.com", CcCount = 2, BccCount = 1, Bcc = "c@example.com",
            Subject = "Order", SizeBytes = 2048, DurationMs = 120, Server = "smtp.example.com:587",
            ServerReply = "550 5.1.1 unknown", QueueId = "Q1", FailureReasonId = (int)SmtpFailureReason.Recipient,
            Error = "Recipient rejected", Transcript = "C: RCPT TO:<jane@example.com>", Attempt = 2, IsTest = true,
            QueuedEmailId = 77, Body = "Plain text body"
        });

        Assert.Equal("Shop <shop@example.com>", model.From);
        Assert.Equal("Jane <jane@example.com>", model.To);
        Assert.Equal(new DateTime(2026, 3, 1, 12, 0, 0), model.CreatedOn);
        Assert.Equal("[Failed]", model.Status);
        Assert.Equal("[Recipient]", model.FailureReason);
        Assert.Equal((2, 1, 2048L, 120, 2, 77), (model.CcCount, model.BccCount, model.SizeBytes, model.DurationMs, model.Attempt, model.QueuedEmailId.Value));
        Assert.Equal(("smtp.example.com:587", "550 5.1.1 unknown", "Q1"), (model.Server, model.ServerReply, model.QueueId));
        Assert.Equal("C: RCPT TO:<jane@example.com>", model.Transcript);
        Assert.True(model.IsTest);
        Assert.True(model.CanResend);
        Assert.False(model.BodyIsHtml);
    }

    [Theory]
    [InlineData("<html><body><p>Hi</p></body></html>", true)]
    [InlineData("<P>Hi</P>", true)]
    [InlineData("Total < 5 and > 2", false)]
    public async Task Details_TellHtmlBodiesFromText(string body, bool isHtml)
    {
        var model = await _factory.PrepareDetailsModelAsync(new SmtpLogEntry { Body = body });

        Assert.Equal(isHtml, model.BodyIsHtml);
    }

    [Fact]
    public async Task Details_WithoutBodyOrQueuedEmail_CannotBeResent()
    {
        var model = await _factory.PrepareDetailsModelAsync(new SmtpLogEntry { Status = SendStatus.Failed });

        Assert.False(model.CanResend);
    }
}
