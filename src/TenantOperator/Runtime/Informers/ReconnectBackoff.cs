using TenantOperator.Runtime.Queue;

namespace TenantOperator.Runtime.Informers;

/// <summary>
/// Exponential backoff for reconnecting one stream: each consecutive failure doubles the wait, from
/// <c>initial</c> up to <c>max</c>, shortened by up to <c>jitter</c> of itself so that several
/// informers that lost the same server do not come back in lock step. <see cref="Reset"/> after a
/// healthy connection. One stream is one key of the work queue's per-item backoff, which computes the waits.
/// </summary>
public sealed class ReconnectBackoff(TimeSpan initial, TimeSpan max, double jitter, Func<double>? random = null)
{
    private const bool Stream = true;
    private readonly ItemExponentialBackoff<bool> _delays = new(initial, max, jitter, random);

    /// <summary>Consecutive failures since the last reset.</summary>
    public int Failures => _delays.Failures(Stream);

    /// <summary>Counts a failure and returns how long to wait before the next attempt.</summary>
    public TimeSpan Next() => _delays.NextDelay(Stream);

    /// <summary>Forgets the failures: the next wait is the initial one again.</summary>
    public void Reset() => _delays.Forget(Stream);
}
