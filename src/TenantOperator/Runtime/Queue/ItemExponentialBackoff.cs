namespace TenantOperator.Runtime.Queue;

/// <summary>
/// Per-item exponential backoff: the n-th consecutive failure of a key waits
/// <c>BaseDelay × 2^(n-1)</c>, capped at <c>MaxDelay</c>, shortened by a random jitter of up to
/// <c>JitterFraction</c> so that keys that failed together do not retry in lock step.
/// </summary>
/// <remarks>
/// The jitter only ever shortens the delay, never lengthens it: the cap is a promise (a failed
/// tenant is retried within <c>MaxDelay</c>; that retry is what re-establishes its isolation), so it
/// must hold for every draw. Thread-safe.
/// </remarks>
public sealed class ItemExponentialBackoff<TKey> where TKey : notnull
{
    private readonly Dictionary<TKey, int> _failures = [];
    private readonly Lock _lock = new();
    private readonly Func<double> _random;

    /// <summary>Creates a backoff with the given bounds.</summary>
    /// <param name="baseDelay">Delay after the first failure (5 ms by default in <see cref="WorkQueueOptions"/>).</param>
    /// <param name="maxDelay">Upper bound of any delay (30 s by default).</param>
    /// <param name="jitterFraction">Largest share of the delay that jitter may take off, in [0, 1).</param>
    /// <param name="random">Source of uniform numbers in [0, 1); tests pass a fixed one.</param>
    public ItemExponentialBackoff(TimeSpan baseDelay, TimeSpan maxDelay, double jitterFraction, Func<double>? random = null)
    {
        if (baseDelay <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(baseDelay), baseDelay, "baseDelay must be positive.");
        }

        if (maxDelay < baseDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(maxDelay), maxDelay, $"maxDelay must be at least baseDelay ({baseDelay}).");
        }

        if (jitterFraction is < 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(jitterFraction), jitterFraction, "jitterFraction must be in [0, 1).");
        }

        BaseDelay = baseDelay;
        MaxDelay = maxDelay;
        JitterFraction = jitterFraction;
        _random = random ?? Random.Shared.NextDouble;
    }

    /// <summary>Delay after the first failure.</summary>
    public TimeSpan BaseDelay { get; }

    /// <summary>Upper bound of every delay.</summary>
    public TimeSpan MaxDelay { get; }

    /// <summary>Largest share of a delay that jitter takes off.</summary>
    public double JitterFraction { get; }

    /// <summary>Records one more failure of <paramref name="key"/> and returns how long it should wait.</summary>
    public TimeSpan NextDelay(TKey key)
    {
        int failures;
        lock (_lock)
        {
            _failures.TryGetValue(key, out failures);
            failures++;
            _failures[key] = failures;
        }

        return Jitter(NominalDelay(failures));
    }

    /// <summary>The delay before jitter for the given count of consecutive failures (1 = first).</summary>
    public TimeSpan NominalDelay(int failures)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failures, 1);

        // 2^exponent overflows a TimeSpan long before 62 doublings; anything that large is the cap anyway.
        var exponent = Math.Min(failures - 1, 62);
        var ticks = BaseDelay.Ticks * Math.Pow(2, exponent);
        return ticks >= MaxDelay.Ticks ? MaxDelay : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>How many consecutive failures <paramref name="key"/> has had since it was last forgotten.</summary>
    public int Failures(TKey key)
    {
        lock (_lock)
        {
            return _failures.GetValueOrDefault(key);
        }
    }

    /// <summary>Clears the failure history of <paramref name="key"/> (after a success).</summary>
    public void Forget(TKey key)
    {
        lock (_lock)
        {
            _failures.Remove(key);
        }
    }

    private TimeSpan Jitter(TimeSpan nominal)
    {
        var cut = nominal.Ticks * JitterFraction * _random();
        return TimeSpan.FromTicks(nominal.Ticks - (long)cut);
    }
}
