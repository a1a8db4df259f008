namespace TenantOperator.LocalApiServer.Faults;

/// <summary>One armed fault: which requests it matches and what it does to the next <see cref="Remaining"/> of them.</summary>
internal sealed class FaultRule(string verb, string resource, int count, FaultKind? failure, TimeSpan retryAfter, TimeSpan delay)
{
    public string Verb { get; } = verb;

    public string Resource { get; } = resource;

    public FaultKind? Failure { get; } = failure;

    public TimeSpan RetryAfter { get; } = retryAfter;

    public TimeSpan Delay { get; } = delay;

    public int Remaining { get; private set; } = count;

    public bool Matches(string verb, string resource, string resourcePath) =>
        Remaining > 0 && (Verb == "*" || Verb == verb) && (Resource == "*" || Resource == resource || Resource == resourcePath);

    public void Consume() => Remaining--;
}
