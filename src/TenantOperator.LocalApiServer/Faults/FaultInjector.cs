using TenantOperator.LocalApiServer.Http;
using TenantOperator.LocalApiServer.Persistence;
using TenantOperator.LocalApiServer.Storage;
using TenantOperator.LocalApiServer.Watch;

namespace TenantOperator.LocalApiServer.Faults;

/// <summary>
/// Faults for tests, armed in-process: fail the next N requests matching a verb and resource with a 500,
/// a 429 with Retry-After or a 409; delay responses; drop every open watch; compact the change history
/// so that resumed watches get 410 Expired; send watch events no typed client can decode. Verb and
/// resource accept "*"; a resource may name a subresource (<c>tenantisolations/status</c>). With a data
/// directory, also a slow or failing disk.
/// </summary>
public sealed class FaultInjector
{
    private readonly Lock _gate = new();
    private readonly List<FaultRule> _rules = [];
    private readonly List<WatchCorruption> _corruptions = [];
    private readonly ObjectStore _store;
    private readonly TimeProvider _time;
    private readonly DiskFaults _disk;

    internal FaultInjector(ObjectStore store, TimeProvider time, DiskFaults disk)
    {
        _store = store;
        _time = time;
        _disk = disk;
    }

    /// <summary>Fails the next <paramref name="count"/> requests matching <paramref name="verb"/> and
    /// <paramref name="resource"/> with <paramref name="kind"/>; 429s carry <paramref name="retryAfter"/> (default 1 s).</summary>
    public void FailNext(string verb, string resource, int count, FaultKind kind, TimeSpan? retryAfter = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        lock (_gate)
        {
            _rules.Add(new FaultRule(verb, resource, count, kind, retryAfter ?? TimeSpan.FromSeconds(1), TimeSpan.Zero));
        }
    }

    /// <summary>
    /// Fails a <paramref name="fraction"/> (0 to 1) of the requests matching <paramref name="verb"/> and
    /// <paramref name="resource"/> with <paramref name="kind"/>, until <see cref="Clear"/>; the choice is drawn from a
    /// generator seeded with <paramref name="seed"/>, so a failing test replays the same faults.
    /// </summary>
    public void FailFraction(string verb, string resource, double fraction, FaultKind kind, int seed, TimeSpan? retryAfter = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fraction);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fraction, 1);
        lock (_gate)
        {
            _rules.Add(new FaultRule(verb, resource, int.MaxValue, kind, retryAfter ?? TimeSpan.FromSeconds(1), TimeSpan.Zero, fraction, seed));
        }
    }

    /// <summary>Delays the answer to the next <paramref name="count"/> matching requests by <paramref name="delay"/>
    /// (measured on the server's TimeProvider).</summary>
    public void Delay(string verb, string resource, TimeSpan delay, int count = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        lock (_gate)
        {
            _rules.Add(new FaultRule(verb, resource, count, null, TimeSpan.Zero, delay));
        }
    }

    /// <summary>
    /// Sends the next <paramref name="count"/> watch events of <paramref name="resource"/> (a plural such as
    /// <c>networkpolicies</c>; only those about the object <paramref name="name"/> when given) with
    /// <c>metadata.labels</c> as a string: valid JSON that no typed client can decode, as an object the server should
    /// have refused would reach a client. Only the event is broken: the stored object, and a list, are whole.
    /// </summary>
    public void CorruptWatchEvents(string resource, int count = 1, string? name = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(resource);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        lock (_gate)
        {
            _corruptions.Add(new WatchCorruption(resource, name, count));
        }
    }

    /// <summary>Closes every open watch from the server side; returns how many were open.</summary>
    public int DropAllWatches() => _store.DropAllWatches();

    /// <summary>Forgets the change history: a watch resumed from any earlier resourceVersion gets 410 Expired.</summary>
    public void CompactHistory() => _store.Compact();

    /// <summary>
    /// With a data directory: every journal sync takes <paramref name="delay"/> longer (on the server's
    /// TimeProvider), as on a slow disk. Acknowledgements, reads and watch events wait for it, since none
    /// goes out before what it shows is durable. <see cref="TimeSpan.Zero"/> or <see cref="Clear"/> ends it.
    /// </summary>
    public void SlowDisk(TimeSpan delay) => _disk.SyncDelay = delay;

    /// <summary>
    /// With a data directory: the next journal sync fails, as on a full or broken disk. That is final, as
    /// losing etcd is for kube-apiserver: every answer showing a change not yet durable becomes a 500, and
    /// <c>/readyz</c> and <c>/healthz</c> fail, until the server is restarted (it then recovers what was durable).
    /// </summary>
    public void FailDisk() => _disk.FailNextSync();

    /// <summary>Disarms every pending fault (a failed disk stays failed).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _rules.Clear();
            _corruptions.Clear();
        }

        _disk.SyncDelay = TimeSpan.Zero;
    }

    /// <summary>The encoder a watch of <paramref name="resource"/> writes its events with, breaking those armed to be.</summary>
    internal IWatchEventEncoder WatchEncoder(string resource, IWatchEventEncoder encoder) => new CorruptingWatchEncoder(this, resource, encoder);

    /// <summary>Whether this event of <paramref name="resource"/> about <paramref name="name"/> is to be sent broken; counts it.</summary>
    internal bool TakeWatchCorruption(string resource, string name)
    {
        lock (_gate)
        {
            var match = _corruptions.FirstOrDefault(c => c.Resource == resource && (c.Name is null || c.Name == name));
            if (match is null)
            {
                return false;
            }

            match.Remaining--;
            if (match.Remaining == 0)
            {
                _corruptions.Remove(match);
            }

            return true;
        }
    }

    /// <summary>Applies armed faults to a request: waits out delays, then throws the failure if one matches.</summary>
    internal async ValueTask ApplyAsync(RequestInfo request, CancellationToken cancellation)
    {
        TimeSpan delay = TimeSpan.Zero;
        FaultRule? failure = null;
        lock (_gate)
        {
            foreach (var rule in _rules.Where(r => r.Matches(request.Verb, request.Resource, request.ResourcePath)))
            {
                if (rule.Failure is null && delay == TimeSpan.Zero)
                {
                    if (rule.Fire())
                    {
                        delay = rule.Delay;
                    }
                }
                else if (rule.Failure is not null && failure is null && rule.Fire())
                {
                    failure = rule;
                }
            }

            _rules.RemoveAll(r => r.Remaining <= 0);
        }

        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, _time, cancellation);
        }

        if (failure is null)
        {
            return;
        }

        var qualified = request.Group.Length == 0 ? request.Resource : $"{request.Resource}.{request.Group}";
        throw failure.Failure switch
        {
            FaultKind.TooManyRequests => ApiErrors.TooManyRequests(failure.RetryAfter),
            FaultKind.Conflict => new ApiException(409, "Conflict", $"Operation cannot be fulfilled on {qualified} \"{request.Name}\": the object has been modified; please apply your changes to the latest version and try again"),
            _ => ApiErrors.InternalError("injected fault"),
        };
    }
}

/// <summary>Watch events of a resource still to be sent broken.</summary>
internal sealed class WatchCorruption(string resource, string? name, int count)
{
    public string Resource { get; } = resource;

    public string? Name { get; } = name;

    public int Remaining { get; set; } = count;
}
