using TenantOperator.LocalApiServer.Metrics;

namespace TenantOperator.Benchmarks.Operator;

/// <summary>
/// The requests the LocalApiServer answered between this window's start and now, from its counters (by verb,
/// resource and HTTP code). The scenario knows which of them are its own (namespace and tenant writes, its informers'
/// one list and watch), so everything else is the operator's.
/// </summary>
public sealed class RequestWindow(RequestCounters counters)
{
    private readonly Dictionary<(string Verb, string Resource, int Code), long> _start = Index(counters.Snapshot());

    /// <summary>The requests since the window started, largest first.</summary>
    public IReadOnlyList<RequestCount> Delta()
    {
        var now = Index(counters.Snapshot());
        return [.. now
            .Select(kv => (kv.Key, Count: kv.Value - _start.GetValueOrDefault(kv.Key)))
            .Where(c => c.Count > 0)
            .Select(c => new RequestCount(c.Key.Verb, "", c.Key.Resource, c.Key.Code, c.Count))
            .OrderByDescending(c => c.Count)];
    }

    /// <summary>Requests with <paramref name="verb"/> on <paramref name="resource"/> ("*" matches any) since the start.</summary>
    public long Count(string verb, string resource) =>
        Delta().Where(c => (verb == "*" || c.Verb == verb) && (resource == "*" || c.Resource == resource)).Sum(c => c.Count);

    /// <summary>NetworkPolicy creates, updates and deletes (any answer): the policy writes the operator made.</summary>
    public long PolicyWrites => Count("create", "networkpolicies") + Count("update", "networkpolicies") + Count("delete", "networkpolicies");

    /// <summary>Status writes.</summary>
    public long StatusWrites => Count("update", "tenantisolations/status") + Count("patch", "tenantisolations/status");

    /// <summary>Event writes (creates, and patches that aggregate repeats).</summary>
    public long EventWrites => Count("create", "events") + Count("patch", "events");

    /// <summary>Namespace patches: the operator's marks (the scenarios create namespaces, never patch them).</summary>
    public long MarkWrites => Count("patch", "namespaces");

    /// <summary>Every write the operator's write budget paces: policies, status, events and namespace marks.</summary>
    public long BudgetedWrites => PolicyWrites + StatusWrites + EventWrites + MarkWrites;

    /// <summary>Single-object reads.</summary>
    public long Gets => Count("get", "*");

    /// <summary>All requests, grouped "verb resource code×count", for the log.</summary>
    public string Describe() => string.Join(", ", Delta().Select(c => $"{c.Verb} {c.Resource} {c.Code}×{c.Count}"));

    /// <summary>A total of every request, to tell when traffic has stopped.</summary>
    public long Total() => Delta().Where(c => c.Verb != "watch").Sum(c => c.Count);

    private static Dictionary<(string Verb, string Resource, int Code), long> Index(IReadOnlyList<RequestCount> counts) =>
        counts.GroupBy(c => (c.Verb, c.Resource, c.Code)).ToDictionary(g => g.Key, g => g.Sum(c => c.Count));
}
