namespace TenantOperator.LocalApiServer.Faults;

/// <summary>
/// One armed fault: which requests it matches and what it does to the next <see cref="Remaining"/> of them, or,
/// with a <paramref name="fraction"/>, to that share of them (drawn from a seeded generator, so a test replays).
/// </summary>
internal sealed class FaultRule(string verb, string resource, int count, FaultKind? failure, TimeSpan retryAfter, TimeSpan delay, double fraction = 1, int seed = 0)
{
    private readonly Random _random = new(seed);

    public string Verb { get; } = verb;

    public string Resource { get; } = resource;

    public FaultKind? Failure { get; } = failure;

    public TimeSpan RetryAfter { get; } = retryAfter;

    public TimeSpan Delay { get; } = delay;

    public int Remaining { get; private set; } = count;

    public bool Matches(string verb, string resource, string resourcePath) =>
        Remaining > 0 && (Verb == "*" || Verb == verb) && (Resource == "*" || Resource == resource || Resource == resourcePath);

    /// <summary>Whether the rule acts on this matching request; counts it when it does.</summary>
    public bool Fire()
    {
        if (fraction < 1 && _random.NextDouble() >= fraction)
        {
            return false;
        }

        if (fraction >= 1)
        {
            Remaining--;
        }

        return true;
    }
}
