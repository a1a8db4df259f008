using k8s;
using k8s.Models;
using TenantOperator.Api;
using TenantOperator.Runtime.Informers;
using TenantOperator.Runtime.Metrics;

namespace TenantOperator.Tests.Runtime.Integration;

/// <summary>
/// The operator's three informers (Namespaces, NetworkPolicies in all namespaces, TenantIsolations) on
/// the real KubernetesClient sources, running against a <see cref="LocalCluster"/>, each with an
/// <see cref="EventLog{T}"/>. Reconnect backoff is short so that a test does not wait out production delays.
/// </summary>
internal sealed class InformerSet : IAsyncDisposable
{
    public static readonly InformerOptions FastReconnects = new()
    {
        ReconnectInitialDelay = TimeSpan.FromMilliseconds(20),
        ReconnectMaxDelay = TimeSpan.FromMilliseconds(200),
    };

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;

    public InformerSet(LocalCluster cluster, InformerOptions? options = null)
    {
        options ??= FastReconnects;
        var client = cluster.NewClient(Metrics, Requests);
        Namespaces = new ResourceInformer<V1Namespace>(KubernetesListWatchSources.Namespaces(client), options, observer: Metrics.Informers);
        Policies = new ResourceInformer<V1NetworkPolicy>(KubernetesListWatchSources.NetworkPolicies(client), options, observer: Metrics.Informers);
        Tenants = new ResourceInformer<TenantIsolation>(KubernetesListWatchSources.ClusterCustomResources<TenantIsolation>(client), options, observer: Metrics.Informers);
        Namespaces.AddHandler(NamespaceEvents);
        Policies.AddHandler(PolicyEvents);
        Tenants.AddHandler(TenantEvents);
        _run = Task.WhenAll(Namespaces.RunAsync(_stop.Token), Policies.RunAsync(_stop.Token), Tenants.RunAsync(_stop.Token));
    }

    /// <summary>The informers' metrics (lists, watch ends by reason, cache sizes) and their client's request counts.</summary>
    public RuntimeMetrics Metrics { get; } = new();

    /// <summary>Every request the informers' own client sent.</summary>
    public RequestLog Requests { get; } = new();

    public ResourceInformer<V1Namespace> Namespaces { get; }

    public ResourceInformer<V1NetworkPolicy> Policies { get; }

    public ResourceInformer<TenantIsolation> Tenants { get; }

    public EventLog<V1Namespace> NamespaceEvents { get; } = new();

    public EventLog<V1NetworkPolicy> PolicyEvents { get; } = new();

    public EventLog<TenantIsolation> TenantEvents { get; } = new();

    public async Task WaitForSyncAsync()
    {
        using var deadline = new CancellationTokenSource(Eventually.DefaultDeadline);
        await Task.WhenAll(Namespaces.WaitForSyncAsync(deadline.Token), Policies.WaitForSyncAsync(deadline.Token), Tenants.WaitForSyncAsync(deadline.Token));
    }

    /// <summary>Waits until the server has the three watches open (they start after the first list).</summary>
    public static Task WaitForWatchesAsync(LocalCluster cluster) => Eventually.True(() => cluster.Server.OpenWatches == 3, "one open watch per informer");

    /// <summary>List requests the informers sent for <paramref name="resource"/> (pages included).</summary>
    public int Lists(string resource) => Requests.To("list", resource).Count;

    /// <summary>Where the event logs stand now; pass to <see cref="EventLog{T}.Since"/>.</summary>
    public (int Namespaces, int Policies, int Tenants) Mark() => (NamespaceEvents.Count, PolicyEvents.Count, TenantEvents.Count);

    /// <summary>Waits until every cache holds exactly what the server holds (same keys, same resourceVersions).</summary>
    public async Task WaitUntilCachesMatchAsync(LocalCluster cluster)
    {
        Dictionary<string, string>? expected = null;
        await Eventually.TrueAsync(async () =>
        {
            expected = await ServerStateAsync(cluster.Client);
            return Snapshot().Count == expected.Count && !Snapshot().Except(expected).Any();
        }, "the caches to match the server");
        NamespaceEvents.AssertNoRegressions();
        PolicyEvents.AssertNoRegressions();
        TenantEvents.AssertNoRegressions();
    }

    /// <summary>Every cached object as <c>resource:key</c> → resourceVersion.</summary>
    public Dictionary<string, string> Snapshot() =>
        Namespaces.Cache.List().Select(o => ("namespaces", o.Metadata))
            .Concat(Policies.Cache.List().Select(o => ("networkpolicies", o.Metadata)))
            .Concat(Tenants.Cache.List().Select(o => ("tenantisolations", o.Metadata)))
            .ToDictionary(e => $"{e.Item1}:{ObjectKey.For(e.Metadata.NamespaceProperty, e.Metadata.Name)}", e => e.Metadata.ResourceVersion);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run;
        _stop.Dispose();
    }

    private static async Task<Dictionary<string, string>> ServerStateAsync(IKubernetes client)
    {
        var namespaces = await client.CoreV1.ListNamespaceAsync();
        var policies = await client.NetworkingV1.ListNetworkPolicyForAllNamespacesAsync();
        var tenants = await client.CustomObjects.ListClusterCustomObjectAsync<TenantIsolationList>(TenantIsolation.Group, TenantIsolation.Version, TenantIsolation.Plural);
        return namespaces.Items.Select(o => ("namespaces", o.Metadata))
            .Concat(policies.Items.Select(o => ("networkpolicies", o.Metadata)))
            .Concat(tenants.Items.Select(o => ("tenantisolations", o.Metadata)))
            .ToDictionary(e => $"{e.Item1}:{ObjectKey.For(e.Metadata.NamespaceProperty, e.Metadata.Name)}", e => e.Metadata.ResourceVersion);
    }
}
