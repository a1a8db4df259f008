namespace TenantOperator.Runtime.Queue;

/// <summary>Settings of a <see cref="WorkQueue{TKey}"/>.</summary>
public sealed record WorkQueueOptions
{
    /// <summary>Name used in metrics and logs (label <c>queue</c>).</summary>
    public string Name { get; init; } = "default";

    /// <summary>Delay after a key's first failure; doubles with each further failure.</summary>
    public TimeSpan BackoffBase { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Upper bound of the per-key failure backoff.</summary>
    public TimeSpan BackoffMax { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest share of a backoff delay that jitter may take off (0 disables jitter).</summary>
    public double BackoffJitter { get; init; } = 0.1;
}
