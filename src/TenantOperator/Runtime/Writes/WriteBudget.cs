namespace TenantOperator.Runtime.Writes;

/// <summary>
/// The client-side write budget: a token bucket of <see cref="Burst"/> tokens refilled at
/// <see cref="Qps"/> per second, so that a cold start or a fan-out cannot flood the API server.
/// Callers beyond the budget wait in FIFO order.
/// </summary>
/// <remarks>
/// Our own small bucket rather than System.Threading.RateLimiting's TokenBucketRateLimiter: that one
/// measures refills with the real Stopwatch even when replenished by hand, so it cannot follow an
/// injected <see cref="TimeProvider"/>, and a write budget that tests cannot drive with a fake clock
/// could only be tested with sleeps.
/// </remarks>
public sealed class WriteBudget : IDisposable
{
    // Refill arithmetic is in doubles; this much short of a whole token still counts as one.
    private const double Epsilon = 1e-9;

    private readonly Lock _lock = new();
    private readonly Queue<TaskCompletionSource> _waiters = new();
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private double _tokens;
    private long _refilledAt;

    /// <summary>Creates a full budget of <paramref name="qps"/> requests per second with bursts up to <paramref name="burst"/>.</summary>
    public WriteBudget(double qps, int burst, TimeProvider? timeProvider = null)
    {
        if (!(qps > 0) || double.IsInfinity(qps))
        {
            throw new ArgumentOutOfRangeException(nameof(qps), qps, "The write budget needs a positive, finite QPS.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(burst, 1);
        Qps = qps;
        Burst = burst;
        _tokens = burst;
        _time = timeProvider ?? TimeProvider.System;
        _refilledAt = _time.GetTimestamp();
        _timer = _time.CreateTimer(_ => GrantWaiters(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Requests per second granted on average.</summary>
    public double Qps { get; }

    /// <summary>Most requests granted at once after a quiet spell.</summary>
    public int Burst { get; }

    /// <summary>Callers waiting for a token.</summary>
    public int Waiting
    {
        get
        {
            lock (_lock)
            {
                return _waiters.Count(w => !w.Task.IsCompleted);
            }
        }
    }

    /// <summary>Takes one token, waiting for it if the bucket is empty.</summary>
    public async ValueTask AcquireAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        TaskCompletionSource waiter;
        lock (_lock)
        {
            Refill();
            if (_waiters.Count == 0 && _tokens >= 1 - Epsilon)
            {
                _tokens = Math.Max(0, _tokens - 1);
                return;
            }

            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Enqueue(waiter);
            ArmTimer();
        }

        // A cancelled waiter stays queued, completed, and is skipped when its turn comes.
        using var registration = cancellationToken.Register(() => waiter.TrySetCanceled(cancellationToken));
        await waiter.Task.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose() => _timer.Dispose();

    private void GrantWaiters()
    {
        lock (_lock)
        {
            // Uncapped: while writes wait, every token accrued since the last refill is theirs. A timer
            // that fires late (a loaded machine, or a fake clock moved in one step) must not lose the
            // tokens beyond the burst, or the budget would grant less than its QPS exactly when busy.
            Refill(capAtBurst: false);
            while (_waiters.TryPeek(out var next))
            {
                if (next.Task.IsCompleted)
                {
                    _waiters.Dequeue();
                    continue;
                }

                if (_tokens < 1 - Epsilon)
                {
                    break;
                }

                _waiters.Dequeue();
                _tokens = Math.Max(0, _tokens - 1);
                next.TrySetResult();
            }

            _tokens = Math.Min(Burst, _tokens);
            ArmTimer();
        }
    }

    // Caller holds _lock. Tokens beyond the burst are kept only for writes already waiting (see GrantWaiters).
    private void Refill(bool capAtBurst = true)
    {
        var now = _time.GetTimestamp();
        var tokens = _tokens + (_time.GetElapsedTime(_refilledAt, now).TotalSeconds * Qps);
        _tokens = capAtBurst ? Math.Min(Burst, tokens) : tokens;
        _refilledAt = now;
    }

    // Caller holds _lock. Wakes up when the next whole token is there, if anyone waits for it.
    private void ArmTimer()
    {
        if (_waiters.Count == 0)
        {
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        var missing = Math.Max(0, 1 - _tokens);
        var due = TimeSpan.FromTicks(Math.Max(1, (long)Math.Ceiling(missing / Qps * TimeSpan.TicksPerSecond)));
        _timer.Change(due, Timeout.InfiniteTimeSpan);
    }
}
