namespace TenantOperator.Runtime.Writes;

/// <summary>Settings of the <see cref="KubernetesWriter"/>: write budget, retries and timeouts.</summary>
public sealed record KubernetesWriterOptions
{
    /// <summary>Average writes per second allowed (the token bucket's rate).</summary>
    public double Qps { get; init; } = 100;

    /// <summary>Most writes allowed at once after a quiet spell (the bucket's size).</summary>
    public int Burst { get; init; } = 100;

    /// <summary>Retries after the first attempt of a transient failure.</summary>
    public int MaxRetries { get; init; } = 5;

    /// <summary>Wait before the first retry; doubles per retry, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest wait between retries when the server gives no Retry-After.</summary>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest Retry-After honoured; a longer one is cut to this so a write is not parked for minutes.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Time limit of one attempt; an attempt that takes longer counts as a transient failure.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The <c>fieldManager</c> sent with creates and updates.</summary>
    public string FieldManager { get; init; } = "tenant-operator";
}
