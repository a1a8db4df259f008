namespace TenantOperator.Tests.TestSupport;

/// <summary>
/// The fake clock's promise to tests: a timer it shows armed fires when the clock moves by the remaining time shown,
/// and not a tick before. Tests that wait for a timer and then advance rely on nothing else.
/// </summary>
public sealed class TimerAwareFakeTimeProviderTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ATimerShownArmed_FiresAfterExactlyItsRemainingTime()
    {
        var clock = new TimerAwareFakeTimeProvider(Start);
        var fired = 0;
        using var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan);

        var armed = Assert.Single(clock.Armed);
        Assert.Equal(new TimerAwareFakeTimeProvider.ArmedTimer(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5)), armed);
        clock.Advance(armed.Remaining - TimeSpan.FromTicks(1));
        Assert.Equal(0, fired);
        Assert.Equal(TimeSpan.FromTicks(1), Assert.Single(clock.Armed).Remaining);
        clock.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(1, fired);
        Assert.Empty(clock.Armed);
    }

    [Fact]
    public void APeriodicTimer_StaysArmedForItsNextPeriod()
    {
        var clock = new TimerAwareFakeTimeProvider(Start);
        var fired = 0;
        using var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10));

        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, fired);
        var next = Assert.Single(clock.Armed);
        Assert.Equal(TimeSpan.FromSeconds(10), next.Remaining);
        clock.Advance(next.Remaining);
        Assert.Equal(2, fired);
    }

    [Fact]
    public void ChangeAndDispose_AreWhatArmedShows()
    {
        var clock = new TimerAwareFakeTimeProvider(Start);
        var fired = 0;
        var timer = clock.CreateTimer(_ => fired++, null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        Assert.Empty(clock.Armed);

        clock.Advance(TimeSpan.FromSeconds(1));
        timer.Change(TimeSpan.FromSeconds(3), Timeout.InfiniteTimeSpan);
        Assert.Equal(new TimerAwareFakeTimeProvider.ArmedTimer(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3)), Assert.Single(clock.Armed));

        timer.Dispose();
        Assert.Empty(clock.Armed);
        clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(0, fired);
    }

    [Fact]
    public void ATimerArmedFromAnotherTimersCallback_FiresWhenItsShownRemainingTimeHasPassed()
    {
        // FakeTimeProvider runs callbacks inside Advance; a timer armed there must still fire exactly when Armed says.
        var clock = new TimerAwareFakeTimeProvider(Start);
        var fired = 0;
        ITimer? second = null;
        using var first = clock.CreateTimer(
            _ => second = clock.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(4), Timeout.InfiniteTimeSpan),
            null,
            TimeSpan.FromSeconds(1),
            Timeout.InfiniteTimeSpan);

        clock.Advance(TimeSpan.FromSeconds(3));
        var armed = Assert.Single(clock.Armed);
        Assert.Equal(TimeSpan.FromSeconds(4), armed.DueTime);
        clock.Advance(armed.Remaining - TimeSpan.FromTicks(1));
        Assert.Equal(0, fired);
        clock.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(1, fired);
        second!.Dispose();
    }
}
