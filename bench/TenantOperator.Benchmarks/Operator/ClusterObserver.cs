using System.Collections.Concurrent;
using System.Diagnostics;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using TenantOperator.Api;
using TenantOperator.Controller;
using TenantOperator.Policy.Planning;
using TenantOperator.Policy.Reconciliation;
using TenantOperator.Runtime.Informers;
using TenantOperator.Runtime.Metrics;

namespace TenantOperator.Benchmarks.Operator;

/// <summary>
/// The scenario's eyes on the cluster: the same informers the operator uses (one list, then one watch per resource,
/// so that observing adds no GET or LIST while a phase is measured), and for every policy and tenant the
/// <see cref="Stopwatch"/> time its current version arrived. A wait polls the caches, but the time it reports is
/// the arrival time of the event that completed the state, so the poll interval does not blur it.
/// </summary>
public sealed class ClusterObserver : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, long> _policyArrivals = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _tenantArrivals = new(StringComparer.Ordinal);
    private readonly Task _running;

    private ClusterObserver(IKubernetes client)
    {
        Caches = new ClusterCaches(client, new RuntimeMetrics(), TimeProvider.System, NullLoggerFactory.Instance);
        Caches.Policies.AddHandler(new ResourceEventHandler<V1NetworkPolicy>(
            p => Arrived(_policyArrivals, p), (_, p) => Arrived(_policyArrivals, p), p => Arrived(_policyArrivals, p)));
        Caches.Tenants.AddHandler(new ResourceEventHandler<TenantIsolation>(
            t => Arrived(_tenantArrivals, t), (_, t) => Arrived(_tenantArrivals, t), t => Arrived(_tenantArrivals, t)));
        _running = Caches.RunAsync(_stop.Token);
    }

    /// <summary>The informers' caches.</summary>
    public ClusterCaches Caches { get; }

    /// <summary>Starts observing and waits until every informer has listed.</summary>
    public static async Task<ClusterObserver> StartAsync(IKubernetes client)
    {
        var observer = new ClusterObserver(client);
        await observer.Caches.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(5));
        return observer;
    }

    /// <summary>When the current version of policy <paramref name="key"/> (namespace/name) arrived, or null if never.</summary>
    public long? PolicyArrival(string key) => _policyArrivals.TryGetValue(key, out var at) ? at : null;

    /// <summary>The latest arrival among <paramref name="keys"/>.</summary>
    public long LatestPolicyArrival(IEnumerable<string> keys) => keys.Select(k => PolicyArrival(k) ?? 0).DefaultIfEmpty(0).Max();

    /// <summary>The latest arrival of any tenant's current version.</summary>
    public long LatestTenantArrival => _tenantArrivals.Values.DefaultIfEmpty(0).Max();

    /// <summary>The planner's input as the caches hold it now.</summary>
    public (IReadOnlyList<TenantIsolation> Tenants, IReadOnlyList<NamespaceInfo> Namespaces) PlanningInput() => Caches.PlanningInput();

    /// <summary>
    /// How far the managed policies in the cluster are from <paramref name="desired"/>, for the tenants it planned:
    /// planned ones missing or with another hash, and managed ones of those tenants the plan does not hold.
    /// </summary>
    public PolicyMismatch Compare(DesiredPolicies desired)
    {
        var missing = 0;
        var differing = 0;
        foreach (var (key, hash) in desired.Hashes)
        {
            var slash = key.IndexOf('/', StringComparison.Ordinal);
            var actual = Caches.Policy(key[..slash], key[(slash + 1)..]);
            if (actual is null)
            {
                missing++;
            }
            else if ((actual.Metadata.Annotations is { } annotations && annotations.TryGetValue(WellKnown.ContentHashAnnotation, out var actualHash) ? actualHash : null) != hash)
            {
                differing++;
            }
        }

        var extra = desired.Tenants.Sum(t => Caches.ManagedPoliciesOf(t)
            .Count(p => !desired.Hashes.ContainsKey($"{p.Metadata.NamespaceProperty}/{p.Metadata.Name}")));
        return new PolicyMismatch(missing, differing, extra);
    }

    /// <summary>The managed policy names in <paramref name="ns"/> that belong to <paramref name="tenant"/>.</summary>
    public IReadOnlyList<string> ManagedPolicyNames(string ns, string tenant) =>
        [.. Caches.PoliciesIn(ns).Where(p => PolicyComparer.TenantOf(p) == tenant).Select(p => p.Metadata.Name).Order(StringComparer.Ordinal)];

    /// <summary>Tenants whose status does not yet describe their current generation with Ready True.</summary>
    public IReadOnlyList<string> TenantsNotReady() =>
        [.. Caches.Tenants.Cache.List()
            .Where(t => t.Status?.ObservedGeneration != t.Metadata.Generation
                || t.Status?.Conditions?.FirstOrDefault(c => c.Type == ConditionTypes.Ready)?.Status != "True")
            .Select(t => t.Metadata.Name)];

    /// <summary>How many tenants report each Ready reason and Isolated status, e.g. "Reconciled/True".</summary>
    public IReadOnlyDictionary<string, int> TenantConditions() =>
        Caches.Tenants.Cache.List()
            .GroupBy(t => $"{Condition(t, ConditionTypes.Ready)?.Reason}/Isolated={Condition(t, ConditionTypes.Isolated)?.Status}")
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private static TenantCondition? Condition(TenantIsolation tenant, string type) => tenant.Status?.Conditions?.FirstOrDefault(c => c.Type == type);

    private static void Arrived<T>(ConcurrentDictionary<string, long> arrivals, T item) where T : IKubernetesObject<V1ObjectMeta> =>
        arrivals[ObjectKey.For(item.Metadata.NamespaceProperty, item.Metadata.Name)] = Stopwatch.GetTimestamp();
}

/// <summary>How the cluster differs from a desired state; all zero when it matches.</summary>
public readonly record struct PolicyMismatch(int Missing, int Differing, int Extra)
{
    /// <summary>True when nothing differs.</summary>
    public bool IsNone => Missing == 0 && Differing == 0 && Extra == 0;

    /// <inheritdoc />
    public override string ToString() => $"{Missing} missing, {Differing} differing, {Extra} extra";
}
