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
        timer.Inner = base.CreateTimer(s => { timer.Fired(); callback(s); }, state, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        lock (_lock)
        {
            _timers.Add(timer);
        }

        timer.Change(dueTime, period);
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

        /// <summary>When the inner timer fires next; null while it is unarmed or still being scheduled.</summary>
        public DateTimeOffset? DueAt => _scheduled ? _dueAt : null;

        private DateTimeOffset? _dueAt;
        private TimeSpan _period = Timeout.InfiniteTimeSpan;
        private bool _scheduled;
        private long _firings;

        public void Fired()
        {
            lock (clock._lock)
            {
                _firings++;
                _dueAt = _period == Timeout.InfiniteTimeSpan || _period == TimeSpan.Zero ? null : _dueAt + _period;
            }
        }

        /// <summary>
        /// Schedules the inner timer and only then shows it as armed, at the instant the inner timer really fires. A test
        /// that sees it armed and advances the clock by its remaining time must fire it: showing it before the inner timer
        /// was scheduled let a test advance first, and the inner timer then counted its due time from the later clock.
        /// </summary>
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            while (true)
            {
                DateTimeOffset before;
                long firingsBefore;
                lock (clock._lock)
                {
                    before = clock.GetUtcNow();
                    firingsBefore = _firings;
                    Requested = dueTime;
                    _period = period;
                    _dueAt = dueTime == Timeout.InfiniteTimeSpan ? null : before + dueTime;
                    _scheduled = false;
                }

                var changed = Inner.Change(dueTime, period);
                lock (clock._lock)
                {
                    // The fake clock never goes back, so an unchanged reading means the inner timer counted from `before`;
                    // a firing meanwhile has already moved `_dueAt` on. Otherwise another thread advanced the clock while the
                    // inner timer was being scheduled, its due instant is unknown, and it is scheduled again.
                    if (clock.GetUtcNow() == before || _firings != firingsBefore)
                    {
                        _scheduled = true;
                        return changed;
                    }
                }
            }
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
                _dueAt = null;
                clock._timers.Remove(this);
            }
        }
    }
}
