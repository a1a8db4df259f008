using Microsoft.Extensions.Time.Testing;

namespace TenantOperator.TestSupport;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that also knows which of its timers are armed. A test waits until the code under
/// test has armed the timer it expects (a retry delay, a watch timeout), then moves the clock by exactly that timer's
/// due time. Advancing before the timer exists would be lost on it, and advancing in small steps from a real-time loop
/// overshoots on a loaded machine; this does neither.
/// </summary>
public sealed class TimerAwareFakeTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly Lock _lock = new();
    private readonly List<TrackedTimer> _timers = [];

    /// <summary>The timers armed now: the due time each was last given, and how long until it fires.</summary>
    public IReadOnlyList<ArmedTimer> Armed
    {
        get
        {
            var now = GetUtcNow();
            lock (_lock)
            {
                return [.. _timers.Where(t => t.DueAt is not null).Select(t => new ArmedTimer(t.Requested, t.DueAt!.Value - now))];
            }
        }
    }

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new TrackedTimer(this);
        lock (_lock)
        {
            _timers.Add(timer);
            timer.Arm(dueTime, period, GetUtcNow());
        }

        timer.Inner = base.CreateTimer(s => { timer.Fired(); callback(s); }, state, dueTime, period);
        return timer;
    }

    /// <summary>
    /// Waits (polling the real clock, with a deadline) until an armed timer matches <paramref name="match"/>, and returns it.
    /// </summary>
    public async Task<ArmedTimer> WaitForArmedAsync(Func<ArmedTimer, bool> match, string what, TimeSpan? deadline = null)
    {
        var until = DateTime.UtcNow + (deadline ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            if (Armed.FirstOrDefault(match) is { } armed)
            {
                return armed;
            }

            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"No timer was armed for {what}; armed: {string.Join(", ", Armed)}.");
            }

            await Task.Delay(2);
        }
    }

    /// <summary>Waits until a timer armed with exactly <paramref name="dueTime"/> is pending, then fires it by moving the clock that far.</summary>
    public async Task FireAsync(TimeSpan dueTime, string what)
    {
        var armed = await WaitForArmedAsync(t => t.DueTime == dueTime && t.Remaining == dueTime, what);
        Advance(armed.Remaining);
    }

    /// <summary>A timer as armed: the due time it was given, and the time left until it fires.</summary>
    public sealed record ArmedTimer(TimeSpan DueTime, TimeSpan Remaining);

    private sealed class TrackedTimer(TimerAwareFakeTimeProvider clock) : ITimer
    {
        public ITimer Inner { get; set; } = null!;

        public TimeSpan Requested { get; private set; }

        public DateTimeOffset? DueAt { get; private set; }

        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        // Caller holds the clock's lock.
        public void Arm(TimeSpan dueTime, TimeSpan period, DateTimeOffset now)
        {
            Requested = dueTime;
            _period = period;
            DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : now + dueTime;
        }

        public void Fired()
        {
            lock (clock._lock)
            {
                DueAt = _period == Timeout.InfiniteTimeSpan || _period == TimeSpan.Zero ? null : DueAt + _period;
            }
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._lock)
            {
                Arm(dueTime, period, clock.GetUtcNow());
            }

            return Inner.Change(dueTime, period);
        }

        public void Dispose()
        {
            Forget();
            Inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Forget();
            return Inner.DisposeAsync();
        }

        private void Forget()
        {
            lock (clock._lock)
            {
                DueAt = null;
                clock._timers.Remove(this);
            }
        }
    }
}
