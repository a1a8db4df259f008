using System.Collections.Concurrent;
using TenantOperator.Policy.Reconciliation;

namespace TenantOperator.Controller;

/// <summary>
/// What the caches must stop showing before a tenant is planned again after its own writes. The informers learn of a
/// write a moment after the API server has answered it, and the write's own watch event enqueues the tenant: a
/// reconcile in that moment would see the state before the write and repeat it, only to be refused (409 or 404) and
/// retried. So each write leaves behind the state the cache shows until it catches up (the policy absent after a
/// create, the replaced resourceVersion after an update, a delete or a status write), and a reconcile that still
/// finds one waits for the cache instead of writing.
/// </summary>
/// <remarks>
/// An expectation lapses after <see cref="Lifetime"/>: someone else may have undone the write (deleted the policy just
/// created), and then the cache would never show anything else. A lapsed expectation costs no more than having none:
/// a refused write and a re-plan. Only one worker reconciles a tenant at a time, so a tenant's entry has one writer.
/// </remarks>
public sealed class WriteExpectations(ClusterCaches caches, TimeProvider time)
{
    /// <summary>How long a write is waited for; far beyond the usual watch delay of milliseconds.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, List<Expectation>> _byTenant = new(StringComparer.Ordinal);

    /// <summary>Expects the cache to move past the state before each of <paramref name="applied"/>.</summary>
    public void ExpectPolicies(string tenant, IEnumerable<PolicyWrite> applied)
    {
        var until = time.GetUtcNow() + Lifetime;
        Add(tenant, applied.Select(w => new Expectation(w.Namespace, w.Name, w.Actual?.Metadata.ResourceVersion, until)));
    }

    /// <summary>
    /// As <see cref="ExpectPolicies(string, IEnumerable{PolicyWrite})"/> for the writes of <paramref name="result"/>,
    /// except updates the API server answered with the resourceVersion they replaced: it stored nothing (a mutating
    /// webhook put back what was there), so the cache will never move past it.
    /// </summary>
    public void ExpectPolicies(string tenant, ApplyResult result)
    {
        var unchanged = result.Stored
            .Where(s => s.Write.Actual is { } actual && s.Stored.Metadata?.ResourceVersion == actual.Metadata.ResourceVersion)
            .Select(s => s.Write)
            .ToHashSet();
        ExpectPolicies(tenant, result.Outcome.Applied.Where(w => !unchanged.Contains(w)));
    }

    /// <summary>Expects the cached tenant to move past <paramref name="resourceVersionWritten"/>, the version its status replaced.</summary>
    public void ExpectStatus(string tenant, string? resourceVersionWritten) =>
        Add(tenant, [new Expectation(null, tenant, resourceVersionWritten, time.GetUtcNow() + Lifetime)]);

    /// <summary>
    /// True when the caches still show the state before one of the tenant's recent writes; expectations met or lapsed
    /// are dropped.
    /// </summary>
    public bool CacheIsBehind(string tenant)
    {
        if (!_byTenant.TryGetValue(tenant, out var pending))
        {
            return false;
        }

        var now = time.GetUtcNow();
        pending.RemoveAll(e => e.Until <= now || CachedResourceVersion(e) != e.StaleResourceVersion);
        if (pending.Count == 0)
        {
            _byTenant.TryRemove(tenant, out _);
            return false;
        }

        return true;
    }

    /// <summary>Forgets a deleted tenant's expectations.</summary>
    public void Forget(string tenant) => _byTenant.TryRemove(tenant, out _);

    private void Add(string tenant, IEnumerable<Expectation> expectations) =>
        _byTenant.GetOrAdd(tenant, _ => []).AddRange(expectations);

    // A policy's version in the cache (null when absent); for the tenant itself (no namespace), the tenant's.
    private string? CachedResourceVersion(Expectation e) => e.Namespace is null
        ? caches.Tenants.Cache.Get(null, e.Name)?.Metadata.ResourceVersion
        : caches.Policy(e.Namespace, e.Name)?.Metadata.ResourceVersion;

    /// <summary>The cache is behind while it shows <see cref="StaleResourceVersion"/> (null: the object absent).</summary>
    private sealed record Expectation(string? Namespace, string Name, string? StaleResourceVersion, DateTimeOffset Until);
}
