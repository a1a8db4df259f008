using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using TenantOperator.Api;

namespace TenantOperator.Tests.Integration;

/// <summary>
/// The opt-in pod gate (config/guardrails/gate-pods.yaml) with the operator that marks namespaces, over HTTP with the
/// real KubernetesClient: a pod in a member namespace of a gated tenant is refused until the operator has put the
/// tenant's policies in place there and marked it, then admitted; a namespace that joins while no operator runs stays
/// gated; marks go when a namespace leaves and when the tenant is deleted.
/// </summary>
public sealed class PodGateTests
{
    private const string Gated = """
        podAdmission: Gated
        namespaceSelector: {matchLabels: {tenant: a}}
        """;

    [Fact]
    public async Task APod_IsRefusedUntilTheOperatorHasIsolatedTheNamespace_ThenAdmitted()
    {
        await using var cluster = await OperatorTestCluster.StartAsync(guardrails: true);
        await cluster.ApplyTenantAsync("a", Gated);
        await cluster.CreateNamespaceAsync("web", ("tenant", "a"));

        var refused = await RefusalAsync(cluster, "web");
        Assert.Contains("denied request: namespace web belongs to TenantIsolation a, which admits pods only once its NetworkPolicies are in place", refused, StringComparison.Ordinal);
        Assert.Contains("retry in a few seconds", refused, StringComparison.Ordinal);

        cluster.StartOperator();
        await OperatorTestCluster.WaitUntilAsync(async () => IsMarkedIsolated(await cluster.Client.CoreV1.ReadNamespaceAsync("web"), "a"), "the operator marks web isolated");

        // Marked only once every planned policy was in place.
        Assert.Equal(
            [WellKnown.DefaultDenyPolicy, WellKnown.DnsPolicy, WellKnown.IntraTenantPolicy],
            await cluster.PolicyNamesAsync("web"));
        await cluster.Client.CoreV1.CreateNamespacedPodAsync(Pod("app"), "web");
    }

    [Fact]
    public async Task WithTheOperatorStopped_ANewMemberNamespaceStaysGated()
    {
        await using var cluster = await OperatorTestCluster.StartAsync(guardrails: true);
        await cluster.ApplyTenantAsync("a", Gated);
        await cluster.CreateNamespaceAsync("web", ("tenant", "a"));
        var run = cluster.StartOperator();
        await OperatorTestCluster.WaitUntilAsync(async () => IsMarkedIsolated(await cluster.Client.CoreV1.ReadNamespaceAsync("web"), "a"), "the operator marks web isolated");
        await run.StopAsync();

        await cluster.CreateNamespaceAsync("later", ("tenant", "a"));

        Assert.Contains("denied request: namespace later belongs to TenantIsolation a", await RefusalAsync(cluster, "later"), StringComparison.Ordinal);
        Assert.False(IsMarkedIsolated(await cluster.Client.CoreV1.ReadNamespaceAsync("later"), "a"));
        await cluster.Client.CoreV1.CreateNamespacedPodAsync(Pod("app"), "web");

        cluster.StartOperator();
        await OperatorTestCluster.WaitUntilAsync(async () => IsMarkedIsolated(await cluster.Client.CoreV1.ReadNamespaceAsync("later"), "a"), "the restarted operator marks later isolated");
        await cluster.Client.CoreV1.CreateNamespacedPodAsync(Pod("app"), "later");
    }

    [Fact]
    public async Task Marks_GoWhenANamespaceLeaves_AndWhenTheTenantIsDeleted()
    {
        await using var cluster = await OperatorTestCluster.StartAsync(guardrails: true);
        await cluster.ApplyTenantAsync("a", "namespaceSelector: {matchLabels: {tenant: a}}");
        await cluster.CreateNamespaceAsync("web", ("tenant", "a"));
        await cluster.CreateNamespaceAsync("api", ("tenant", "a"));
        cluster.StartOperator();
        foreach (var ns in new[] { "web", "api" })
        {
            await OperatorTestCluster.WaitUntilAsync(async () => IsMarkedIsolated(await cluster.Client.CoreV1.ReadNamespaceAsync(ns), "a"), $"the operator marks {ns} isolated (an Open tenant's members are marked too)");
        }

        // Only the selector's label changes: the operator's marks are its own to remove.
        await cluster.UpdateNamespaceAsync("api", api => api.Metadata.Labels["tenant"] = "elsewhere");
        await OperatorTestCluster.WaitUntilAsync(async () => Marks(await cluster.Client.CoreV1.ReadNamespaceAsync("api")).Count == 0, "api loses its marks once it leaves");

        await cluster.DeleteTenantAsync("a");
        await OperatorTestCluster.WaitUntilAsync(async () => Marks(await cluster.Client.CoreV1.ReadNamespaceAsync("web")).Count == 0, "web loses its marks with the tenant");
        Assert.Equal(new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = "web", ["tenant"] = "a" }, (await cluster.Client.CoreV1.ReadNamespaceAsync("web")).Metadata.Labels);
    }

    private static async Task<string> RefusalAsync(OperatorTestCluster cluster, string ns)
    {
        var refused = await Assert.ThrowsAsync<HttpOperationException>(() => cluster.Client.CoreV1.CreateNamespacedPodAsync(Pod("app"), ns));
        Assert.Equal(HttpStatusCode.Forbidden, refused.Response.StatusCode);
        return refused.Response.Content;
    }

    private static V1Pod Pod(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "app", Image = "nginx" }] },
    };

    private static bool IsMarkedIsolated(V1Namespace ns, string tenant) =>
        Marks(ns) is var marks && marks.GetValueOrDefault(WellKnown.TenantLabel) == tenant && marks.GetValueOrDefault(WellKnown.IsolatedLabel) == "true";

    private static Dictionary<string, string> Marks(V1Namespace ns) =>
        (ns.Metadata.Labels ?? new Dictionary<string, string>()).Where(l => l.Key is WellKnown.TenantLabel or WellKnown.IsolatedLabel).ToDictionary();
}
