using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using TenantOperator.Api;
using TenantOperator.Controller;
using TenantOperator.Hosting;
using TenantOperator.LocalApiServer;

namespace TenantOperator.Tests.Integration;

/// <summary>
/// A LocalApiServer on 127.0.0.1 with the CRD installed, a client for the test's own actions, and operator instances
/// started against it over real HTTP. Waits poll with a deadline; nothing sleeps for a fixed time.
/// </summary>
internal sealed class OperatorTestCluster : IAsyncDisposable
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly LocalCluster _local;
    private readonly string _directory;
    private readonly List<OperatorRun> _runs = [];

    private OperatorTestCluster(LocalCluster local, string directory)
    {
        _local = local;
        _directory = directory;
        Client = new Kubernetes(local.ClientConfiguration);
    }

    public Kubernetes Client { get; }

    public LocalKubernetesApiServer Server => _local.Server;

    /// <summary>A fresh copy of the admin's client configuration (to change its credentials).</summary>
    public KubernetesClientConfiguration ClientConfiguration => _local.ClientConfiguration;

    /// <summary>A local cluster for the operator; <paramref name="guardrails"/> applies config/guardrails as run --local does.</summary>
    public static async Task<OperatorTestCluster> StartAsync(bool guardrails = false)
    {
        var directory = Directory.CreateTempSubdirectory("operator-it-").FullName;
        var local = await LocalCluster.StartAsync(0, Path.Combine(directory, "kubeconfig"), "tenant-operator-system", null, null, NullLoggerFactory.Instance, CancellationToken.None,
            guardrails: guardrails);
        return new OperatorTestCluster(local, directory);
    }

    /// <summary>Options for a test operator: fast writes, no resync, no health server, leader election off unless asked.</summary>
    public static OperatorOptions Options(string identity = "op-1", bool leaderElect = false) => new()
    {
        Identity = identity,
        LeaderElect = leaderElect,
        LeaseDuration = TimeSpan.FromSeconds(3),
        RenewDeadline = TimeSpan.FromSeconds(2),
        RetryPeriod = TimeSpan.FromMilliseconds(250),
        WriteQps = 1000,
        ResyncPeriod = TimeSpan.Zero,
        MetricsAddress = "",
    };

    /// <summary>Runs the real kubectl as the cluster admin (the kubeconfig run --local writes), with a HOME of its own.</summary>
    public Task<Monitoring.ToolRun> KubectlAsync(params string[] args) =>
        Monitoring.ExternalTool.RunAsync("kubectl", "kubernetes-client", _directory,
            new Dictionary<string, string> { ["KUBECONFIG"] = Path.Combine(_directory, "kubeconfig"), ["HOME"] = _directory }, args);

    public OperatorRun StartOperator(OperatorOptions? options = null)
    {
        // As in a cluster: the operator's ServiceAccount, with config/rbac's permissions.
        var run = OperatorRun.Start(_local.OperatorClientConfiguration, options ?? Options());
        _runs.Add(run);
        return run;
    }

    public async Task CreateNamespaceAsync(string name, params (string Key, string Value)[] labels) =>
        await Client.CoreV1.CreateNamespaceAsync(KubernetesObjects.Namespace(name, labels.Length == 0 ? null : labels.ToDictionary(l => l.Key, l => l.Value)));

    public Task LabelNamespaceAsync(string name, IDictionary<string, string> labels) =>
        UpdateNamespaceAsync(name, ns => ns.Metadata.Labels = new Dictionary<string, string>(labels));

    /// <summary>
    /// Reads the namespace, changes it and replaces it, reading again on a conflict: the running operator patches its
    /// marks onto namespaces, so a read-modify-replace can lose the race to it, as a user's `kubectl edit` would.
    /// </summary>
    public Task UpdateNamespaceAsync(string name, Action<V1Namespace> change) =>
        Conflicts.RetryAsync(async () =>
        {
            var ns = await Client.CoreV1.ReadNamespaceAsync(name);
            change(ns);
            return await Client.CoreV1.ReplaceNamespaceAsync(ns, name);
        });

    /// <summary>Creates the tenant, or replaces its spec; the operator's status writes move its resourceVersion, hence the retry.</summary>
    public Task<TenantIsolation> ApplyTenantAsync(string name, string spec) =>
        Conflicts.RetryAsync(async () =>
        {
            var tenant = KubernetesYaml.Deserialize<TenantIsolation>(TenantYaml.Of(name, spec));
            if (await GetTenantAsync(name) is not { } existing)
            {
                return Deserialize(await Client.CustomObjects.CreateClusterCustomObjectAsync(tenant, TenantIsolation.Group, TenantIsolation.Version, TenantIsolation.Plural));
            }

            tenant.Metadata.ResourceVersion = existing.Metadata.ResourceVersion;
            return Deserialize(await Client.CustomObjects.ReplaceClusterCustomObjectAsync(tenant, TenantIsolation.Group, TenantIsolation.Version, TenantIsolation.Plural, name));
        });

    public async Task<TenantIsolation?> GetTenantAsync(string name)
    {
        try
        {
            return Deserialize(await Client.CustomObjects.GetClusterCustomObjectAsync(TenantIsolation.Group, TenantIsolation.Version, TenantIsolation.Plural, name));
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public Task DeleteTenantAsync(string name) =>
        Client.CustomObjects.DeleteClusterCustomObjectAsync(TenantIsolation.Group, TenantIsolation.Version, TenantIsolation.Plural, name);

    public async Task<IReadOnlyList<V1NetworkPolicy>> PoliciesAsync(string? ns = null) =>
        ns is null
            ? (await Client.NetworkingV1.ListNetworkPolicyForAllNamespacesAsync()).Items.ToList()
            : (await Client.NetworkingV1.ListNamespacedNetworkPolicyAsync(ns)).Items.ToList();

    public async Task<IReadOnlyList<string>> PolicyNamesAsync(string ns) =>
        (await PoliciesAsync(ns)).Select(p => p.Metadata.Name).Order(StringComparer.Ordinal).ToList();

    public async Task<IReadOnlyList<Corev1Event>> EventsAboutAsync(string tenant) =>
        (await Client.CoreV1.ListNamespacedEventAsync("default", fieldSelector: $"involvedObject.name={tenant}")).Items.ToList();

    /// <summary>Polls <paramref name="condition"/> until it holds, failing with <paramref name="what"/> after the deadline.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, TimeSpan? deadline = null)
    {
        var until = DateTime.UtcNow + (deadline ?? Deadline);
        while (true)
        {
            if (await condition())
            {
                return;
            }

            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"Timed out after {(deadline ?? Deadline).TotalSeconds} s waiting until {what}.");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Waits until the tenant's status describes its current spec and Ready has the expected reason.</summary>
    public async Task<TenantIsolation> WaitForReadyReasonAsync(string tenant, string reason)
    {
        TenantIsolation? current = null;
        try
        {
            await WaitUntilAsync(async () =>
            {
                current = await GetTenantAsync(tenant);
                return current?.Status?.ObservedGeneration == current?.Metadata.Generation
                    && current?.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Reason == reason) == true;
            }, $"tenant {tenant} reports Ready reason {reason}");
        }
        catch (TimeoutException ex)
        {
            // The status last seen, not the one before the wait began.
            throw new TimeoutException($"{ex.Message} Last status: {(current?.Status is { } s ? KubernetesJson.Serialize(s) : "none")}", ex);
        }

        return current!;
    }

    private static TenantIsolation Deserialize(object value) => KubernetesJson.Deserialize<TenantIsolation>(KubernetesJson.Serialize(value));

    /// <summary>Stops everything; fails when the operator made a request its RBAC (config/rbac) did not allow.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var run in _runs)
        {
            await run.DisposeAsync();
        }

        var denials = Server.Authorization.Denials.Where(d => d.User == _local.OperatorUserName).ToList();
        OperatorRbacUsage.Record(_local.OperatorUserName, Server.Authorization);
        Client.Dispose();
        await _local.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
        if (denials.Count > 0)
        {
            throw new Xunit.Sdk.XunitException(
                $"The operator made {denials.Count} request(s) that config/rbac does not allow:\n{string.Join("\n", denials.Select(d => $"{d.Verb} {d.Resource} {d.Namespace}/{d.Name}: {d.Message}"))}");
        }
    }
}
