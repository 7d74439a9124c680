using Nop.Plugin.Misc.Smtp.Services;
using Nop.Plugin.Misc.Smtp.Tests.Controllers;

namespace Nop.Plugin.Misc.Smtp.Tests.Services;

public class TestSendRateLimiterTests
{
    private readonly ManualClock _clock = new();
    private readonly TestSendRateLimiter _limiter;

    public TestSendRateLimiterTests()
    {
        _limiter = new TestSendRateLimiter(_clock);
    }

    private void Use(int customerId, int times)
    {
        for (var i = 0; i < times; i++)
            Assert.True(_limiter.TryAcquire(customerId));
    }

    [Fact]
    public void FiveInAMinuteAreAllowed_TheSixthIsRefused()
    {
        Use(1, 5);

        Assert.False(_limiter.TryAcquire(1));
    }

    [Fact]
    public void EachAdminHasTheirOwnWindow()
    {
        Use(1, 5);

        Assert.True(_limiter.TryAcquire(2));
    }

    [Fact]
    public void TheWindowSlides_OneSendFreesUpAMinuteAfterIt()
    {
        Use(1, 1);
        _clock.Now += TimeSpan.FromSeconds(30);
        Use(1, 4);
        Assert.False(_limiter.TryAcquire(1));

        _clock.Now += TimeSpan.FromSeconds(30);
        Assert.True(_limiter.TryAcquire(1));
        Assert.False(_limiter.TryAcquire(1));
    }

    [Fact]
    public void RefusedAttempts_DoNotExtendTheWait()
    {
        Use(1, 5);
        for (var i = 0; i < 10; i++)
            Assert.False(_limiter.TryAcquire(1));

        _clock.Now += TimeSpan.FromMinutes(1);
        Assert.True(_limiter.TryAcquire(1));
    }
}
