using System.Collections.Concurrent;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using TenantOperator.Api;
using TenantOperator.Controller;
using TenantOperator.Runtime.Informers;
using TenantOperator.Runtime.Metrics;

namespace TenantOperator.Benchmarks.Soak;

/// <summary>
/// The soak's eyes: informers on tenants, namespaces and policies (the operator's runtime, in this process, on the
/// scenario's own client), and a record of every change to an object that is not the operator's to touch.
/// </summary>
public sealed class SoakObserver : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, string> _foreignVersions = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _touches = new();
    private readonly Task _running;

    private SoakObserver(IKubernetes client)
    {
        Caches = new ClusterCaches(client, new RuntimeMetrics(), TimeProvider.System, NullLoggerFactory.Instance);
        Caches.Policies.AddHandler(new ResourceEventHandler<V1NetworkPolicy>(
            _ => { },
            (_, current) => Touched(current, "changed"),
            deleted => Touched(deleted, "deleted")));
        _running = Caches.RunAsync(_stop.Token);
    }

    /// <summary>The caches.</summary>
    public ClusterCaches Caches { get; }

    /// <summary>Every change seen to an object that is not the operator's, as "namespace/name changed|deleted".</summary>
    public IReadOnlyList<string> ForeignTouches => [.. _touches];

    /// <summary>Starts observing and waits until every cache has listed.</summary>
    public static async Task<SoakObserver> StartAsync(IKubernetes client)
    {
        var observer = new SoakObserver(client);
        await observer.Caches.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(2));
        return observer;
    }

    /// <summary>From now on, any change to <paramref name="policy"/> (as written by the scenario) counts as touched.</summary>
    public void Guard(V1NetworkPolicy policy) =>
        _foreignVersions[$"{policy.Metadata.NamespaceProperty}/{policy.Metadata.Name}"] = policy.Metadata.ResourceVersion;

    /// <summary>The guarded objects and the resourceVersion the scenario left each at.</summary>
    public IReadOnlyDictionary<string, string> Guarded => _foreignVersions;

    /// <summary>What the caches hold now.</summary>
    public SoakSnapshot Snapshot() => new(Caches.Tenants.Cache.List(), Caches.Namespaces.Cache.List(), Caches.Policies.Cache.List());

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    // A relist after a dropped watch may hand out the same version again: only another version is a change.
    private void Touched(V1NetworkPolicy policy, string what)
    {
        var key = $"{policy.Metadata.NamespaceProperty}/{policy.Metadata.Name}";
        if (_foreignVersions.TryGetValue(key, out var version) && (what == "deleted" || policy.Metadata.ResourceVersion != version))
        {
            _touches.Enqueue($"{key} {what} (resourceVersion {policy.Metadata.ResourceVersion}, managed-by {(policy.Metadata.Labels is { } labels && labels.TryGetValue(WellKnown.ManagedByLabel, out var by) ? by : "none")})");
        }
    }
}

/// <summary>The cluster as the observer holds it at one moment.</summary>
public sealed record SoakSnapshot(IReadOnlyList<TenantIsolation> Tenants, IReadOnlyList<V1Namespace> Namespaces, IReadOnlyList<V1NetworkPolicy> Policies)
{
    /// <summary>The oracle for this moment's tenants and namespaces.</summary>
    public IsolationOracle Oracle() => new(Tenants, Namespaces);
}
