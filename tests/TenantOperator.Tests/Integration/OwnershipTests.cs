using k8s;
using k8s.Models;
using TenantOperator.Api;

namespace TenantOperator.Tests.Integration;

/// <summary>
/// A label is a claim anyone can make; ownership is the controller ownerReference. NetworkPolicies that carry the
/// operator's labels but are not owned by the tenant are reported in its status and in an event, and never changed.
/// </summary>
public sealed class OwnershipTests
{
    private static V1NetworkPolicy WithOurLabels(string ns, string name) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = ns,
            Labels = new Dictionary<string, string> { [WellKnown.ManagedByLabel] = WellKnown.ManagedByValue, [WellKnown.TenantLabel] = "team-a" },
        },
        Spec = new V1NetworkPolicySpec
        {
            PodSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "users" } },
            PolicyTypes = ["Ingress"],
            Ingress = [new V1NetworkPolicyIngressRule { FromProperty = [new V1NetworkPolicyPeer { PodSelector = new V1LabelSelector() }] }],
        },
    };

    private static readonly string[] Planned = ["tenant-isolation-default-deny", "tenant-isolation-dns", "tenant-isolation-egress-db", "tenant-isolation-intra-tenant"];

    [Fact]
    public async Task PoliciesWithCopiedLabels_SurviveEveryReconcile_AndAreReportedInStatusAndAnEvent()
    {
        await using var cluster = await OperatorTestCluster.StartAsync();
        await TeamA.SeedAsync(cluster);

        // default is no tenant's member; web is team-a's, but the name is none the operator plans.
        var copied = await cluster.Client.NetworkingV1.CreateNamespacedNetworkPolicyAsync(WithOurLabels("default", "users-important-policy"), "default");
        var inMember = await cluster.Client.NetworkingV1.CreateNamespacedNetworkPolicyAsync(WithOurLabels("web", "copied-by-hand"), "web");
        cluster.StartOperator();
        await cluster.WaitForReadyReasonAsync("team-a", "Reconciled");

        // A spec change makes the operator rewrite team-a's own policies; the copies are still not its own.
        await cluster.ApplyTenantAsync("team-a", TeamA.Spec.Replace("5432", "5433", StringComparison.Ordinal));
        await OperatorTestCluster.WaitUntilAsync(
            async () => (await cluster.PoliciesAsync("web")).Any(p => p.Metadata.Name == "tenant-isolation-egress-db" && p.Spec.Egress.Single().Ports.Single().Port.Value == "5433"),
            "team-a's egress policy in web allows 5433");
        var tenant = await cluster.WaitForReadyReasonAsync("team-a", "Reconciled");

        Assert.Equal(["copied-by-hand", .. Planned], await cluster.PolicyNamesAsync("web"));
        Assert.Equal(["default/users-important-policy", "web/copied-by-hand"], tenant.Status!.UnownedPolicies!);
        Assert.Equal(copied.Metadata.ResourceVersion, (await cluster.Client.NetworkingV1.ReadNamespacedNetworkPolicyAsync("users-important-policy", "default")).Metadata.ResourceVersion);
        Assert.Equal(inMember.Metadata.ResourceVersion, (await cluster.Client.NetworkingV1.ReadNamespacedNetworkPolicyAsync("copied-by-hand", "web")).Metadata.ResourceVersion);
        var warning = Assert.Single(await cluster.EventsAboutAsync("team-a"), e => e.Reason == "UnownedPolicies");
        Assert.Equal("Warning", warning.Type);
        Assert.Contains("default/users-important-policy", warning.Message);
    }

    [Fact]
    public async Task APlannedNameHeldByAPolicyWithCopiedLabels_IsReportedTaken_AndNeverOverwritten()
    {
        await using var cluster = await OperatorTestCluster.StartAsync();
        await TeamA.SeedAsync(cluster);
        var impostor = await cluster.Client.NetworkingV1.CreateNamespacedNetworkPolicyAsync(WithOurLabels("web", WellKnown.DefaultDenyPolicy), "web");
        cluster.StartOperator();

        var tenant = await cluster.WaitForReadyReasonAsync("team-a", "PolicyNameTaken");

        Assert.Contains($"web/{WellKnown.DefaultDenyPolicy}", tenant.Status!.Conditions!.Single(c => c.Type == "Ready").Message);
        Assert.Equal([$"web/{WellKnown.DefaultDenyPolicy}"], tenant.Status.UnownedPolicies!);
        await OperatorTestCluster.WaitUntilAsync(async () => (await cluster.PolicyNamesAsync("api")).Count == 4, "api, where nothing is in the way, has its four policies");
        var now = await cluster.Client.NetworkingV1.ReadNamespacedNetworkPolicyAsync(WellKnown.DefaultDenyPolicy, "web");
        Assert.Equal(impostor.Metadata.ResourceVersion, now.Metadata.ResourceVersion);
        Assert.Null(now.Metadata.OwnerReferences);
    }

    [Fact]
    public async Task ANamespaceMovingToAnotherTenant_IsHandedOver_TheOldOwnerRemovesItsPoliciesAndTheNewOneCreatesItsOwn()
    {
        await using var cluster = await OperatorTestCluster.StartAsync();
        await TeamA.SeedAsync(cluster);
        await cluster.ApplyTenantAsync("team-b", "namespaceSelector: {matchLabels: {tenant: team-b}}");
        cluster.StartOperator();
        await TeamA.ConvergedAsync(cluster);
        var teamB = (await cluster.GetTenantAsync("team-b"))!;

        await cluster.LabelNamespaceAsync("api", new Dictionary<string, string> { ["tenant"] = "team-b" });

        await OperatorTestCluster.WaitUntilAsync(async () =>
            (await cluster.PoliciesAsync("api")) is { Count: 3 } policies && policies.All(p => p.Metadata.OwnerReferences?.SingleOrDefault()?.Uid == teamB.Metadata.Uid),
            "api holds team-b's three policies, owned by team-b");
        await cluster.WaitForReadyReasonAsync("team-b", "Reconciled");
        await cluster.WaitForReadyReasonAsync("team-a", "Reconciled");
        Assert.All(await cluster.PoliciesAsync("api"), p => Assert.Equal("team-b", p.Metadata.Labels[WellKnown.TenantLabel]));
    }
}
