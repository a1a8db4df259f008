using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using TenantOperator.Api;
using TenantOperator.Tests.Integration;

namespace TenantOperator.Tests.Monitoring;

/// <summary>
/// The objects a real operator writes, read back from the API server, as Argo CD (config/argocd/health.lua in
/// lua5.1) and kstatus (its conditions) see them.
/// </summary>
public sealed class GitOpsHealthTests
{
    [Fact]
    public async Task RealStatuses_GiveTheDocumentedHealth_AndKstatusConditions()
    {
        await using var cluster = await OperatorTestCluster.StartAsync();
        await cluster.CreateNamespaceAsync("web", ("tenant", "good"));
        await cluster.CreateNamespaceAsync("preview-ns");
        await cluster.CreateNamespaceAsync("taken");
        await cluster.Client.NetworkingV1.CreateNamespacedNetworkPolicyAsync(new V1NetworkPolicy
        {
            Metadata = new V1ObjectMeta { Name = WellKnown.DnsPolicy },
            Spec = new V1NetworkPolicySpec { PodSelector = new V1LabelSelector() },
        }, "taken");
        await cluster.ApplyTenantAsync("good", "namespaceSelector: {matchLabels: {tenant: good}}");
        await cluster.ApplyTenantAsync("broken", "namespaces: [web2]\negress: [{name: db, to: [{ipBlock: {cidr: 10.0.0.0/16, except: [10.1.0.0/16]}}]}]");
        await cluster.ApplyTenantAsync("preview", "namespaces: [preview-ns]\nmode: DryRun");
        await cluster.ApplyTenantAsync("squatter", "namespaces: [taken]");
        await cluster.ApplyTenantAsync("waiting", "namespaces: [not-created-yet]");
        var run = cluster.StartOperator();

        await Expect(cluster, "good", "Reconciled", progress: null, health: "Healthy");
        await Expect(cluster, "broken", "InvalidSpec", progress: "Stalled", health: "Degraded");
        await Expect(cluster, "preview", "DryRun", progress: null, health: "Suspended");
        await Expect(cluster, "squatter", "PolicyNameTaken", progress: "Stalled", health: "Degraded");
        await Expect(cluster, "waiting", "NoNamespaces", progress: "Reconciling", health: "Progressing");

        // With the operator stopped, a spec change leaves the status describing the previous generation.
        await run.StopAsync();
        await cluster.ApplyTenantAsync("good", "namespaceSelector: {matchLabels: {tenant: good}}\nallowIntraTenant: false");
        var (status, message) = await ArgoCdHealth.AssessAsync(LuaLiteral.FromJson(await RawAsync(cluster, "good")));
        Assert.Equal(("Progressing", "Waiting for the operator to observe generation 2 (status describes generation 1)"), (status, message));
    }

    private static async Task Expect(OperatorTestCluster cluster, string tenant, string reason, string? progress, string health)
    {
        await cluster.WaitForReadyReasonAsync(tenant, reason);
        var raw = await RawAsync(cluster, tenant);
        var conditions = raw["status"]!["conditions"]!.AsArray().Select(c => ((string)c!["type"]!, (string)c["status"]!, (string)c["reason"]!)).ToList();

        // kstatus: Reconciling or Stalled, True with Ready's reason, only while not Ready; neither once Ready.
        var expected = new List<(string, string, string)> { ("Ready", health is "Healthy" or "Suspended" ? "True" : "False", reason) };
        Assert.Equal(expected[0], conditions.Single(c => c.Item1 == "Ready"));
        Assert.Equal(progress is null ? [] : new[] { (progress, "True", reason) }, conditions.Where(c => c.Item1 is "Reconciling" or "Stalled"));
        Assert.Equal((long)raw["metadata"]!["generation"]!, (long)raw["status"]!["observedGeneration"]!);

        var verdict = await ArgoCdHealth.AssessAsync(LuaLiteral.FromJson(raw));
        Assert.True(verdict.Status == health, $"{tenant}: expected {health}, got {verdict.Status} \"{verdict.Message}\"");
        Assert.StartsWith(reason + ": ", verdict.Message);
    }

    private static async Task<JsonNode> RawAsync(OperatorTestCluster cluster, string name)
    {
        var raw = await cluster.Client.CustomObjects.GetClusterCustomObjectAsync(TenantIsolation.Group, TenantIsolation.Version, TenantIsolation.Plural, name);
        return JsonNode.Parse(JsonSerializer.Serialize(raw))!;
    }
}
