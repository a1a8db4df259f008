using System.Net;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using TenantOperator.Hosting;
using TenantOperator.LocalApiServer.Faults;

namespace TenantOperator.Tests.Integration;

/// <summary>
/// A watch event the client cannot decode must not leave the operator wedged, nor Ready while it is blind: /readyz
/// fails and the tenants say Ready Unknown (and an event names the cache) until the informer has listed again; then
/// what happened meanwhile is done. The LocalApiServer sends the broken event; the list stays whole.
/// </summary>
public sealed class BlindCacheTests
{
    [Theory]
    [InlineData("tenantisolations")]
    [InlineData("namespaces")]
    [InlineData("networkpolicies")]
    public async Task AnUndecodableWatchEvent_FailsReadinessAndSaysReadyUnknown_UntilAFreshListBringsTheCacheBack(string resource)
    {
        await using var cluster = await OperatorTestCluster.StartAsync();
        await TeamA.SeedAsync(cluster);
        await cluster.CreateNamespaceAsync("other");
        await cluster.ApplyTenantAsync("team-b", "namespaces: [other]");
        var run = cluster.StartOperator();
        await using var health = await HealthServer.StartAsync("http://127.0.0.1:0", run.Instance, NullLoggerFactory.Instance, CancellationToken.None);
        using var http = new HttpClient { BaseAddress = health.Address };
        await TeamA.ConvergedAsync(cluster);
        await cluster.WaitForReadyReasonAsync("team-b", "Reconciled");
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/readyz")).StatusCode);

        // The next event about one object of the resource is sent broken, and the fresh list is held back a while, so
        // that the blind spell can be seen. (A tenant whose own event was lost cannot have its status written meanwhile:
        // the cache holds its old resourceVersion. So the broken tenant event is team-b's, and team-a is watched.)
        cluster.Server.Faults.FailNext("list", resource, int.MaxValue, FaultKind.InternalError);
        var key = await BreakTheNextEventAsync(cluster, resource);

        var notReady = "";
        await OperatorTestCluster.WaitUntilAsync(async () =>
        {
            using var response = await http.GetAsync("/readyz");
            notReady = await response.Content.ReadAsStringAsync();
            return response.StatusCode == HttpStatusCode.ServiceUnavailable;
        }, "/readyz fails");
        Assert.StartsWith($"the {resource} cache is unhealthy: it could not decode a watch event for {key} at resourceVersion", notReady);

        var blind = await cluster.WaitForReadyReasonAsync("team-a", "CacheUnhealthy");
        var ready = blind.Status!.Conditions!.Single(c => c.Type == "Ready");
        Assert.Equal("Unknown", ready.Status);
        Assert.Contains($"the {resource} cache is unhealthy: it could not decode a watch event for {key}", ready.Message);
        await OperatorTestCluster.WaitUntilAsync(
            async () => (await cluster.EventsAboutAsync("team-a")).Any(e => e.Reason == "CacheUnhealthy" && e.Type == "Warning" && e.Message.Contains($"the {resource} cache", StringComparison.Ordinal)),
            "a CacheUnhealthy event names the cache");

        // A namespace joins team-a while the operator is blind: it writes no policy while it cannot see.
        // (Where the namespace cache is the blind one, jobs stays unseen until the list.)
        var writes = await InstanceMetrics.SumAsync(run, "tenant_operator_policy_writes_total");
        var reconciles = await InstanceMetrics.ReconcilesAsync(run);
        await cluster.CreateNamespaceAsync("jobs", ("tenant", "team-a"));
        if (resource != "namespaces")
        {
            await OperatorTestCluster.WaitUntilAsync(async () => await InstanceMetrics.ReconcilesAsync(run) > reconciles, "team-a was reconciled for jobs");
        }

        Assert.Equal(writes, await InstanceMetrics.SumAsync(run, "tenant_operator_policy_writes_total"));

        // The list goes through: the cache is whole again, the new namespace gets its policies, and team-a is Ready.
        cluster.Server.Faults.Clear();
        await OperatorTestCluster.WaitUntilAsync(async () => (await cluster.PolicyNamesAsync("jobs")).Count == 4, "jobs has its four policies");
        await cluster.WaitForReadyReasonAsync("team-a", "Reconciled");
        await OperatorTestCluster.WaitUntilAsync(async () => (await http.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK, "/readyz answers 200 again");

        Assert.Equal(1, await InstanceMetrics.SumAsync(run, "tenant_operator_informer_undecodable_events_total", $"resource=\"{resource}\""));
        Assert.Equal(2, await InstanceMetrics.SumAsync(run, "tenant_operator_informer_lists_total", $"resource=\"{resource}\""));
        Assert.Equal(1, await InstanceMetrics.SumAsync(run, "tenant_operator_informer_healthy", $"resource=\"{resource}\""));
        var lastSync = await InstanceMetrics.SumAsync(run, "tenant_operator_informer_last_sync_timestamp_seconds", $"resource=\"{resource}\"");
        Assert.InRange(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0 - lastSync, 0, OperatorTestCluster.Deadline.TotalSeconds * 3);
    }

    // Changes one object of the resource, with its watch event armed to be sent broken; returns the object's key.
    private static async Task<string> BreakTheNextEventAsync(OperatorTestCluster cluster, string resource)
    {
        switch (resource)
        {
            case "tenantisolations":
                cluster.Server.Faults.CorruptWatchEvents(resource, name: "team-b");
                await cluster.ApplyTenantAsync("team-b", "namespaces: [other]\nallowIntraTenant: false");
                return "team-b";
            case "namespaces":
                cluster.Server.Faults.CorruptWatchEvents(resource, name: "db");
                await cluster.LabelNamespaceAsync("db", new Dictionary<string, string> { ["team"] = "data" });
                return "db";
            default:
                cluster.Server.Faults.CorruptWatchEvents(resource, name: "allow-backup");
                await cluster.Client.NetworkingV1.CreateNamespacedNetworkPolicyAsync(
                    new V1NetworkPolicy
                    {
                        Metadata = new V1ObjectMeta { Name = "allow-backup", NamespaceProperty = "db" },
                        Spec = new V1NetworkPolicySpec { PodSelector = new V1LabelSelector(), PolicyTypes = ["Ingress"] },
                    },
                    "db");
                return "db/allow-backup";
        }
    }
}
