namespace TenantOperator.Runtime.Informers;

/// <summary>
/// Exponential backoff for reconnecting one stream: each consecutive failure doubles the wait, from
/// <c>initial</c> up to <c>max</c>, shortened by up to <c>jitter</c> of itself so that several
/// informers that lost the same server do not come back in lock step. <see cref="Reset"/> after a
/// healthy connection. Not thread-safe: one informer loop owns it.
/// </summary>
public sealed class ReconnectBackoff
{
    private readonly TimeSpan _initial;
    private readonly TimeSpan _max;
    private readonly double _jitter;
    private readonly Func<double> _random;
    private int _failures;

    /// <summary>Creates a backoff.</summary>
    public ReconnectBackoff(TimeSpan initial, TimeSpan max, double jitter, Func<double>? random = null)
    {
        if (initial <= TimeSpan.Zero || max < initial)
        {
            throw new ArgumentOutOfRangeException(nameof(initial), initial, $"Backoff needs 0 < initial <= max (max {max}).");
        }

        if (jitter is < 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(jitter), jitter, "Backoff jitter must be in [0, 1).");
        }

        _initial = initial;
        _max = max;
        _jitter = jitter;
        _random = random ?? Random.Shared.NextDouble;
    }

    /// <summary>Consecutive failures since the last reset.</summary>
    public int Failures => _failures;

    /// <summary>Counts a failure and returns how long to wait before the next attempt.</summary>
    public TimeSpan Next()
    {
        var exponent = Math.Min(_failures, 62);
        _failures++;
        var ticks = Math.Min(_initial.Ticks * Math.Pow(2, exponent), _max.Ticks);
        return TimeSpan.FromTicks((long)(ticks * (1 - (_jitter * _random()))));
    }

    /// <summary>Forgets the failures: the next wait is the initial one again.</summary>
    public void Reset() => _failures = 0;
}
