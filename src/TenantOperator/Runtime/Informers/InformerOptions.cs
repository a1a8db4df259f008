namespace TenantOperator.Runtime.Informers;

/// <summary>Settings of a <see cref="ResourceInformer{T}"/>.</summary>
public sealed record InformerOptions
{
    /// <summary>Most items per list page (<c>limit</c>); the informer follows <c>continue</c> to the end.</summary>
    public int PageSize { get; init; } = 500;

    /// <summary>
    /// Shortest server-side watch timeout (<c>timeoutSeconds</c>); each watch draws one between this
    /// and twice this, as client-go does, so that many watches do not expire together.
    /// </summary>
    public TimeSpan MinWatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long past its server-side timeout a silent watch is given before the informer drops it
    /// itself; guards against a connection that died without a reset.
    /// </summary>
    public TimeSpan ClientWatchGrace { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>First wait before reconnecting after a failure; doubles with each further failure.</summary>
    public TimeSpan ReconnectInitialDelay { get; init; } = TimeSpan.FromMilliseconds(800);

    /// <summary>Longest wait before reconnecting.</summary>
    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest share of a reconnect wait that jitter may take off.</summary>
    public double ReconnectJitter { get; init; } = 0.5;

    /// <summary>
    /// How long lists and watches may keep failing, with no list, event or bookmark getting through, before the
    /// informer calls its cache unhealthy (longer than one reconnect at the capped backoff, so that a brief outage
    /// does not flip readiness).
    /// </summary>
    public TimeSpan UnhealthyAfter { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long a watch must stay open without failing to count as a success though it has delivered nothing yet (a
    /// refused or broken watch fails sooner; a connection that hangs is caught by its deadline, past its timeout).
    /// </summary>
    public TimeSpan WatchEstablishedAfter { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The shortest time between the starts of two lists that undecodable watch events cause: an object that breaks
    /// every watch does not turn the informer into a loop of full lists.
    /// </summary>
    public TimeSpan UndecodableRelistInterval { get; init; } = TimeSpan.FromSeconds(10);
}
