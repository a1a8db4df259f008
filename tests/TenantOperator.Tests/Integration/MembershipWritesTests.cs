using k8s;
using k8s.Models;
using TenantOperator.Api;
using TenantOperator.Policy.Planning;

namespace TenantOperator.Tests.Integration;

/// <summary>
/// What membership changes cost in writes, counted by the API server: a namespace joining or leaving a tenant by its
/// labels writes only its own policies; a change of a tenant's membership definition rewrites each policy that
/// carries it once; an operator starting on policies that list members by name (as earlier versions wrote them)
/// rewrites each of those once and then has nothing left to write.
/// </summary>
public sealed class MembershipWritesTests : IAsyncLifetime
{
    private const string TenantA = "namespaceSelector: {matchLabels: {tenant: a}}";
    private const string TenantB = "namespaces: [b-1]\ningress: [{name: from-a, from: [{tenant: a}], ports: [{port: 8080}]}]";

    private OperatorTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _cluster = await OperatorTestCluster.StartAsync();
        await _cluster.CreateNamespaceAsync("a-1", ("tenant", "a"));
        await _cluster.CreateNamespaceAsync("a-2", ("tenant", "a"));
        await _cluster.CreateNamespaceAsync("b-1");
        await _cluster.ApplyTenantAsync("a", TenantA);
        await _cluster.ApplyTenantAsync("b", TenantB);
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task NamespaceJoiningByItsLabels_WritesOnlyItsOwnPolicies()
    {
        var run = await ConvergedOperatorAsync();
        _cluster.Server.Counters.Reset();

        await _cluster.CreateNamespaceAsync("a-3", ("tenant", "a"));
        await WaitForNamespaceCountAsync("a", 3);
        await ClusterAssertions.WaitForExpectedStateAsync(_cluster);
        await run.StopAsync();

        // Its default deny, DNS and intra-tenant policies; not one write in a-1, a-2 or b-1.
        Assert.Equal((3, 0, 0), Writes());

        // What every member and b's peer on a carry: a's selector, nothing excluded, nothing named.
        foreach (var ns in new[] { "a-1", "a-2", "a-3" })
        {
            await AssertSpecAsync(ns, WellKnown.IntraTenantPolicy, """
                podSelector: {}
                policyTypes: [Ingress, Egress]
                ingress: [{from: [{namespaceSelector: {matchLabels: {tenant: a}}}]}]
                egress: [{to: [{namespaceSelector: {matchLabels: {tenant: a}}}]}]
                """);
        }

        await AssertSpecAsync("b-1", WellKnown.IngressPolicy("from-a"), """
            podSelector: {}
            policyTypes: [Ingress]
            ingress: [{from: [{namespaceSelector: {matchLabels: {tenant: a}}}], ports: [{protocol: TCP, port: 8080}]}]
            """);
    }

    [Fact]
    public async Task NamespaceLeavingByItsLabels_WritesOnlyTheDeletionOfItsOwnPolicies()
    {
        var run = await ConvergedOperatorAsync();
        _cluster.Server.Counters.Reset();

        await _cluster.LabelNamespaceAsync("a-2", new Dictionary<string, string> { ["tenant"] = "none" });
        await WaitForNamespaceCountAsync("a", 1);
        await ClusterAssertions.WaitForExpectedStateAsync(_cluster);
        await run.StopAsync();

        Assert.Equal((0, 0, 3), Writes());
    }

    [Fact]
    public async Task OlderTenantTakingANamespace_RewritesTheYoungerTenantsPolicyOnce_AndNothingElseOutsideTheNamespacesThatMove()
    {
        await _cluster.CreateNamespaceAsync("y-1", ("team", "y"));
        await _cluster.CreateNamespaceAsync("y-2", ("team", "y"), ("env", "prod"));
        await _cluster.CreateNamespaceAsync("y-3", ("team", "y"), ("env", "dev"));
        await _cluster.ApplyTenantAsync("older", "namespaceSelector: {matchLabels: {env: prod}}");
        await _cluster.ApplyTenantAsync("younger", "namespaceSelector: {matchLabels: {team: y}}");
        var run = await ConvergedOperatorAsync();
        await OperatorTestCluster.WaitUntilAsync(
            async () => (await _cluster.GetTenantAsync("younger"))?.Status?.Namespaces is ["y-1", "y-3"],
            "younger has y-1 and y-3, older has y-2");
        var before = await VersionsAsync();

        await _cluster.ApplyTenantAsync("older", "namespaceSelector: {matchLabels: {env: dev}}");
        await OperatorTestCluster.WaitUntilAsync(
            async () => (await _cluster.GetTenantAsync("younger"))?.Status?.Namespaces is ["y-1", "y-2"],
            "younger has y-1 and y-2, older has y-3");
        await ClusterAssertions.WaitForExpectedStateAsync(_cluster);
        await run.StopAsync();

        // Younger's definition now excludes y-3 instead of y-2: its intra-tenant policy in y-1 changed once (one
        // generation). y-2 and y-3 change hands; every other policy is as it was.
        var after = await VersionsAsync();
        var changed = before.Keys.Where(k => !k.StartsWith("y-2/", StringComparison.Ordinal) && !k.StartsWith("y-3/", StringComparison.Ordinal))
            .Where(k => after[k] != before[k])
            .ToList();
        Assert.Equal(["y-1/tenant-isolation-intra-tenant"], changed);
        Assert.Equal(before["y-1/tenant-isolation-intra-tenant"].Generation + 1, after["y-1/tenant-isolation-intra-tenant"].Generation);
        foreach (var ns in new[] { "y-1", "y-2" })
        {
            await AssertSpecAsync(ns, WellKnown.IntraTenantPolicy, """
                podSelector: {}
                policyTypes: [Ingress, Egress]
                ingress: [{from: [{namespaceSelector: {matchLabels: {team: y}, matchExpressions: [{key: kubernetes.io/metadata.name, operator: NotIn, values: [y-3]}]}}]}]
                egress: [{to: [{namespaceSelector: {matchLabels: {team: y}, matchExpressions: [{key: kubernetes.io/metadata.name, operator: NotIn, values: [y-3]}]}}]}]
                """);
        }
    }

    [Fact]
    public async Task OperatorStartingOnPoliciesThatListMembersByName_RewritesEachOnce_ThenStaysStill()
    {
        // What an earlier version left in place: a's intra-tenant policy and b's ingress from a listed a's members.
        var old = await ExpectedPoliciesAsync();
        var byName = new V1LabelSelector
        {
            MatchExpressions = [new V1LabelSelectorRequirement { Key = "kubernetes.io/metadata.name", OperatorProperty = "In", Values = ["a-1", "a-2"] }],
        };
        foreach (var policy in old)
        {
            if (policy.Metadata.Name == WellKnown.IntraTenantPolicy && policy.Metadata.Labels[WellKnown.TenantLabel] == "a")
            {
                policy.Spec.Ingress[0].FromProperty = [new V1NetworkPolicyPeer { NamespaceSelector = byName }];
                policy.Spec.Egress[0].To = [new V1NetworkPolicyPeer { NamespaceSelector = byName }];
            }
            else if (policy.Metadata.Name == WellKnown.IngressPolicy("from-a"))
            {
                policy.Spec.Ingress[0].FromProperty = [new V1NetworkPolicyPeer { NamespaceSelector = byName }];
            }

            policy.Metadata.Annotations[WellKnown.ContentHashAnnotation] = ContentHash.Of(policy.Metadata.Labels, policy.Spec);
            await _cluster.Client.NetworkingV1.CreateNamespacedNetworkPolicyAsync(policy, policy.Metadata.NamespaceProperty);
        }

        Assert.Equal(10, old.Count);
        Assert.Equal(["differs a-1/tenant-isolation-intra-tenant", "differs a-2/tenant-isolation-intra-tenant", "differs b-1/tenant-isolation-ingress-from-a"],
            (await ClusterAssertions.DifferencesFromExpectedAsync(_cluster)).Select(d => d.Split(':')[0]).Order(StringComparer.Ordinal));
        _cluster.Server.Counters.Reset();

        var first = await ConvergedOperatorAsync();
        await first.StopAsync();
        Assert.Equal((0, 3, 0), Writes());

        _cluster.Server.Counters.Reset();
        var second = _cluster.StartOperator(OperatorTestCluster.Options("op-2"));
        await OperatorTestCluster.WaitUntilAsync(() => Task.FromResult(SuccessfulReconciles(second) >= 2), "the restarted operator reconciled both tenants");
        await second.StopAsync();
        Assert.Equal(0, _cluster.Server.Counters.Writes("networkpolicies"));
        Assert.Equal(0, _cluster.Server.Counters.Writes("tenantisolations/status"));
    }

    /// <summary>Starts an operator and waits until both tenants are Ready with exactly their planned policies.</summary>
    private async Task<OperatorRun> ConvergedOperatorAsync()
    {
        var run = _cluster.StartOperator();
        await ClusterAssertions.WaitForExpectedStateAsync(_cluster);
        foreach (var tenant in new[] { "a", "b" })
        {
            await _cluster.WaitForReadyReasonAsync(tenant, "Reconciled");
        }

        return run;
    }

    private async Task WaitForNamespaceCountAsync(string tenant, int count) =>
        await OperatorTestCluster.WaitUntilAsync(async () => (await _cluster.GetTenantAsync(tenant))?.Status?.NamespaceCount == count,
            $"tenant {tenant} reports {count} namespaces");

    /// <summary>The policies the tests' own model expects now (<see cref="ExpectedPolicies"/>), ready to be created.</summary>
    private async Task<List<V1NetworkPolicy>> ExpectedPoliciesAsync()
    {
        var tenants = KubernetesJson.Deserialize<TenantIsolationList>(KubernetesJson.Serialize(
            await _cluster.Client.CustomObjects.ListClusterCustomObjectAsync(TenantIsolation.Group, TenantIsolation.Version, TenantIsolation.Plural))).Items;
        var namespaces = (await _cluster.Client.CoreV1.ListNamespaceAsync()).Items;
        return [.. ExpectedPolicies.For([.. tenants], [.. namespaces]).Select(e => new V1NetworkPolicy
        {
            Metadata = new V1ObjectMeta
            {
                Name = e.Key.Split('/')[1],
                NamespaceProperty = e.Key.Split('/')[0],
                Labels = new Dictionary<string, string>(e.Value.Labels),
                Annotations = new Dictionary<string, string>(),
                OwnerReferences =
                [
                    new V1OwnerReference
                    {
                        ApiVersion = $"{TenantIsolation.Group}/{TenantIsolation.Version}", Kind = "TenantIsolation",
                        Name = e.Value.Labels[WellKnown.TenantLabel], Uid = e.Value.OwnerUid, Controller = true, BlockOwnerDeletion = true,
                    },
                ],
            },
            Spec = e.Value.Spec,
        })];
    }

    /// <summary>Asserts that the policy's spec on the server is the literal <paramref name="yaml"/> (written out here, not planned).</summary>
    private async Task AssertSpecAsync(string ns, string name, string yaml)
    {
        var actual = await _cluster.Client.NetworkingV1.ReadNamespacedNetworkPolicyAsync(name, ns);
        Assert.Equal(KubernetesJson.Serialize(KubernetesYaml.Deserialize<V1NetworkPolicySpec>(yaml, strict: true)), KubernetesJson.Serialize(actual.Spec));
    }

    /// <summary>Every policy's resourceVersion and generation, by namespace/name.</summary>
    private async Task<Dictionary<string, (string ResourceVersion, long? Generation)>> VersionsAsync() =>
        (await _cluster.PoliciesAsync()).ToDictionary(
            p => $"{p.Metadata.NamespaceProperty}/{p.Metadata.Name}", p => (p.Metadata.ResourceVersion, p.Metadata.Generation), StringComparer.Ordinal);

    /// <summary>NetworkPolicy (creates, updates, deletes) the API server took since the counters were reset.</summary>
    private (long Creates, long Updates, long Deletes) Writes() =>
        (_cluster.Server.Counters.Count("create", "networkpolicies"),
            _cluster.Server.Counters.Count("update", "networkpolicies"),
            _cluster.Server.Counters.Count("delete", "networkpolicies"));

    private static double SuccessfulReconciles(OperatorRun run) =>
        run.Instance.Metrics.Registry is { } registry
            ? Prometheus.Metrics.WithCustomRegistry(registry).CreateCounter("tenant_operator_reconcile_total", "", ["controller", "result"]).WithLabels("tenantisolation", "success").Value
            : 0;
}
