using Polly;
using Polly.Retry;

namespace TenantOperator.Runtime.Writes;

/// <summary>
/// The retry the operator's API calls share: only <see cref="TransientFailures"/> (429, 5xx, a dropped connection)
/// are retried, with exponential backoff and jitter. Callers add what is theirs (Retry-After, logging).
/// </summary>
public static class TransientRetry
{
    /// <summary>Retry options for up to <paramref name="maxRetries"/> retries, from <paramref name="baseDelay"/>, capped at <paramref name="maxDelay"/> when given.</summary>
    public static RetryStrategyOptions Options(int maxRetries, TimeSpan baseDelay, TimeSpan? maxDelay = null) => new()
    {
        ShouldHandle = args => ValueTask.FromResult(
            args.Outcome.Exception is { } ex && TransientFailures.IsTransient(ex, args.Context.CancellationToken)),
        MaxRetryAttempts = maxRetries,
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
        Delay = baseDelay,
        MaxDelay = maxDelay,
    };
}
