using k8s;
using k8s.Models;
using TenantOperator.Api;

namespace TenantOperator.Tests.Integration;

/// <summary>The operator against a real API server over HTTP: each behaviour of the reconciler, end to end.</summary>
public sealed class ReconcileTests : IAsyncLifetime
{
    private OperatorTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _cluster = await OperatorTestCluster.StartAsync();
        await _cluster.CreateNamespaceAsync("web", ("tenant", "team-a"));
        await _cluster.CreateNamespaceAsync("api", ("tenant", "team-a"));
        await _cluster.CreateNamespaceAsync("db");
        _cluster.StartOperator();
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private const string TeamA = """
        namespaceSelector: {matchLabels: {tenant: team-a}}
        egress: [{name: db, to: [{namespaces: [db]}], ports: [{port: 5432}]}]
        """;

    [Fact]
    public async Task CreatedTenant_GetsItsPlannedPolicies_AndReportsReady()
    {
        await _cluster.ApplyTenantAsync("team-a", TeamA);

        var tenant = await _cluster.WaitForReadyReasonAsync("team-a", "Reconciled");
        await ClusterAssertions.WaitForExpectedStateAsync(_cluster);

        Assert.Equal(["tenant-isolation-default-deny", "tenant-isolation-dns", "tenant-isolation-egress-db", "tenant-isolation-intra-tenant"],
            await _cluster.PolicyNamesAsync("web"));
        Assert.Equal(["api", "web"], tenant.Status!.Namespaces!);
        Assert.Equal((2, 8), (tenant.Status.NamespaceCount, tenant.Status.PolicyCount));
        Assert.Equal("True", tenant.Status.Conditions!.Single(c => c.Type == "Isolated").Status);
        var owner = (await _cluster.PoliciesAsync("web"))[0].Metadata.OwnerReferences.Single();
        Assert.Equal((tenant.Metadata.Uid, true), (owner.Uid, owner.Controller));
        await OperatorTestCluster.WaitUntilAsync(async () => (await _cluster.EventsAboutAsync("team-a")).Any(e => e.Reason == "PoliciesApplied"), "a PoliciesApplied event");
    }

    [Fact]
    public async Task NewNamespaceWithTheTenantsLabel_GetsThePolicies()
    {
        await _cluster.ApplyTenantAsync("team-a", TeamA);
        await _cluster.WaitForReadyReasonAsync("team-a", "Reconciled");

        await _cluster.CreateNamespaceAsync("jobs", ("tenant", "team-a"));

        await OperatorTestCluster.WaitUntilAsync(async () => (await _cluster.PolicyNamesAsync("jobs")).Count == 4, "jobs has its four policies");
        await ClusterAssertions.WaitForExpectedStateAsync(_cluster);
    }

    [Fact]
    public async Task NamespaceRelabelledOut_LosesItsPolicies_DenyFirst()
    {
        await _cluster.ApplyTenantAsync("team-a", TeamA);
        await _cluster.WaitForReadyReasonAsync("team-a", "Reconciled");
        await OperatorTestCluster.WaitUntilAsync(async () => (await _cluster.PolicyNamesAsync("api")).Count == 4, "api has its policies");

        var deletions = new List<string>();
        using var watching = new CancellationTokenSource();
        var list = await _cluster.Client.NetworkingV1.ListNamespacedNetworkPolicyAsync("api");
        var watch = Task.Run(async () =>
        {
            await foreach (var (type, policy) in _cluster.Client.NetworkingV1.WatchListNamespacedNetworkPolicyAsync(
                "api", resourceVersion: list.Metadata.ResourceVersion, cancellationToken: watching.Token))
            {
                if (type == WatchEventType.Deleted)
                {
                    lock (deletions)
                    {
                        deletions.Add(policy.Metadata.Name);
                    }
                }
            }
        });

        await _cluster.LabelNamespaceAsync("api", new Dictionary<string, string> { ["tenant"] = "someone-else" });

        await OperatorTestCluster.WaitUntilAsync(() => Task.FromResult(Count(deletions) == 4), "the four policies of api are deleted");
        await watching.CancelAsync();
        await watch.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        Assert.Equal("tenant-isolation-default-deny", deletions[0]);
        Assert.Empty(await _cluster.PolicyNamesAsync("api"));
        await ClusterAssertions.WaitForExpectedStateAsync(_cluster);
    }

    [Fact]
    public async Task EditedGeneratedPolicy_IsRestored_WithADriftRepairedEvent()
    {
        await _cluster.ApplyTenantAsync("team-a", TeamA);
        await _cluster.WaitForReadyReasonAsync("team-a", "Reconciled");
        await ClusterAssertions.WaitForExpectedStateAsync(_cluster);

        var policy = await _cluster.Client.NetworkingV1.ReadNamespacedNetworkPolicyAsync("tenant-isolation-default-deny", "web");
        policy.Spec.PolicyTypes = ["Ingress"];
        await _cluster.Client.NetworkingV1.ReplaceNamespacedNetworkPolicyAsync(policy, policy.Metadata.Name, "web");

        await OperatorTestCluster.WaitUntilAsync(async () =>
            (await _cluster.Client.NetworkingV1.ReadNamespacedNetworkPolicyAsync("tenant-isolation-default-deny", "web")).Spec.PolicyTypes.Count == 2,
            "the default deny governs both directions again");
        await OperatorTestCluster.WaitUntilAsync(async () => (await _cluster.EventsAboutAsync("team-a")).Any(e => e.Reason == "DriftRepaired"), "a DriftRepaired event");
        await OperatorTestCluster.WaitUntilAsync(async () => (await _cluster.GetTenantAsync("team-a"))!.Status!.LastDriftCorrection is not null, "status.lastDriftCorrection is set");
    }

    [Fact]
    public async Task DeletedGeneratedPolicy_IsRestored()
    {
        await _cluster.ApplyTenantAsync("team-a", TeamA);
        await _cluster.WaitForReadyReasonAsync("team-a", "Reconciled");
        await ClusterAssertions.WaitForExpectedStateAsync(_cluster);

        await _cluster.Client.NetworkingV1.DeleteNamespacedNetworkPolicyAsync("tenant-isolation-dns", "api");

        await ClusterAssertions.WaitForExpectedStateAsync(_cluster);
        await OperatorTestCluster.WaitUntilAsync(async () => (await _cluster.EventsAboutAsync("team-a")).Any(e => e.Reason == "DriftRepaired"), "a DriftRepaired event");
    }

    [Fact]
    public async Task RepeatedDrift_IsOneDriftRepairedEventWithACount()
    {
        await _cluster.ApplyTenantAsync("team-a", TeamA);
        await _cluster.WaitForReadyReasonAsync("team-a", "Reconciled");
        await ClusterAssertions.WaitForExpectedStateAsync(_cluster);

        for (var repair = 1; repair <= 2; repair++)
        {
            await _cluster.Client.NetworkingV1.DeleteNamespacedNetworkPolicyAsync("tenant-isolation-dns", "api");
            await ClusterAssertions.WaitForExpectedStateAsync(_cluster);
            var expected = repair;
            await OperatorTestCluster.WaitUntilAsync(
                async () => (await _cluster.EventsAboutAsync("team-a")).Where(e => e.Reason == "DriftRepaired").Sum(e => e.Count ?? 1) == expected,
                $"{expected} DriftRepaired repair(s) counted");
        }

        // The repeat patched the first Event (count 2) instead of creating another, as client-go's recorder does.
        var drift = Assert.Single(await _cluster.EventsAboutAsync("team-a"), e => e.Reason == "DriftRepaired");
        Assert.Equal(2, drift.Count);
    }

    [Fact]
    public async Task NamespaceClaimedByTwoTenants_BelongsToTheOlder_EvenWhenItsNameSortsLast_TheOtherReportsNamespaceConflict()
    {
        // The newer tenant's name sorts first, so a rule of "first by name" would hand it the namespace.
        const string Newer = "newcomer";
        Assert.True(string.CompareOrdinal(Newer, "team-a") < 0);
        var older = await _cluster.ApplyTenantAsync("team-a", TeamA);
        await _cluster.WaitForReadyReasonAsync("team-a", "Reconciled");

        // creationTimestamp has whole seconds: the newer tenant must be created in a later second to be newer at all.
        var olderCreated = older.Metadata.CreationTimestamp!.Value;
        await OperatorTestCluster.WaitUntilAsync(() => Task.FromResult(DateTime.UtcNow >= olderCreated.AddSeconds(1)), "the clock is past the older tenant's second");
        var newer = await _cluster.ApplyTenantAsync(Newer, "namespaces: [web, db]");
        Assert.True(newer.Metadata.CreationTimestamp > olderCreated, $"{Newer} created at {newer.Metadata.CreationTimestamp:O}, team-a at {olderCreated:O}");

        var loser = await _cluster.WaitForReadyReasonAsync(Newer, "NamespaceConflict");
        Assert.Equal("ClaimedBy:team-a", loser.Status!.ExcludedNamespaces!.Single(e => e.Name == "web").Reason);
        Assert.Equal(["db"], loser.Status.Namespaces!);
        await ClusterAssertions.WaitForExpectedStateAsync(_cluster);
        Assert.All(await _cluster.PoliciesAsync("web"), p => Assert.Equal("team-a", p.Metadata.Labels[WellKnown.TenantLabel]));
        await OperatorTestCluster.WaitUntilAsync(async () => (await _cluster.EventsAboutAsync(Newer)).Any(e => e.Reason == "NamespaceConflict"), "a NamespaceConflict event");
    }

    [Fact]
    public async Task InvalidUpdate_ReportsInvalidSpec_AndKeepsThePoliciesInPlace()
    {
        await _cluster.ApplyTenantAsync("team-a", TeamA);
        await _cluster.WaitForReadyReasonAsync("team-a", "Reconciled");
        await ClusterAssertions.WaitForExpectedStateAsync(_cluster);
        var before = (await _cluster.PoliciesAsync("web")).ToDictionary(p => p.Metadata.Name, p => p.Metadata.ResourceVersion);

        // The schema cannot see this; the operator's semantic validation does.
        await _cluster.ApplyTenantAsync("team-a", """
            namespaceSelector: {matchLabels: {tenant: team-a}}
            egress: [{name: db, to: [{ipBlock: {cidr: 10.0.0.0/16, except: [10.1.0.0/16]}}]}]
            """);

        var tenant = await _cluster.WaitForReadyReasonAsync("team-a", "InvalidSpec");
        Assert.Contains("spec.egress[0].to[0].ipBlock.except[0]", tenant.Status!.Conditions!.Single(c => c.Type == "Ready").Message);
        var after = (await _cluster.PoliciesAsync("web")).ToDictionary(p => p.Metadata.Name, p => p.Metadata.ResourceVersion);
        Assert.Equal(before, after);
        await OperatorTestCluster.WaitUntilAsync(async () => (await _cluster.EventsAboutAsync("team-a")).Any(e => e.Reason == "InvalidSpec"), "an InvalidSpec event");
    }

    [Fact]
    public async Task DryRun_WritesNoPolicy_AndReportsWhatItWouldDo()
    {
        await _cluster.ApplyTenantAsync("team-a", TeamA + "\nmode: DryRun");

        var tenant = await _cluster.WaitForReadyReasonAsync("team-a", "DryRun");
        Assert.Empty(await _cluster.PoliciesAsync());
        Assert.Equal(0, _cluster.Server.Counters.Writes("networkpolicies"));
        Assert.Equal((8, 0, 0), (tenant.Status!.PendingChanges!.Create, tenant.Status.PendingChanges.Update, tenant.Status.PendingChanges.Delete));
        Assert.Equal("DryRun", tenant.Status.Mode);
    }

    [Fact]
    public async Task DeletedTenant_ItsPoliciesAreGarbageCollected()
    {
        await _cluster.ApplyTenantAsync("team-a", TeamA);
        await _cluster.WaitForReadyReasonAsync("team-a", "Reconciled");
        await ClusterAssertions.WaitForExpectedStateAsync(_cluster);

        await _cluster.DeleteTenantAsync("team-a");

        await OperatorTestCluster.WaitUntilAsync(async () => (await _cluster.PoliciesAsync()).Count == 0, "every policy of team-a is garbage-collected");
    }

    [Fact]
    public async Task TenantWrittenPolicyOpeningTheBoundary_MakesIsolatedFalse_WithTheBreach()
    {
        await _cluster.ApplyTenantAsync("team-a", TeamA);
        await _cluster.WaitForReadyReasonAsync("team-a", "Reconciled");

        await _cluster.Client.NetworkingV1.CreateNamespacedNetworkPolicyAsync(new V1NetworkPolicy
        {
            Metadata = new V1ObjectMeta { Name = "open-to-all" },
            Spec = new V1NetworkPolicySpec { PodSelector = new V1LabelSelector(), Ingress = [new V1NetworkPolicyIngressRule()] },
        }, "web");

        TenantIsolation? tenant = null;
        await OperatorTestCluster.WaitUntilAsync(async () =>
            (tenant = await _cluster.GetTenantAsync("team-a"))?.Status?.Conditions?.Any(c => c.Type == "Isolated" && c.Status == "False") == true,
            "Isolated turns False");
        var breach = tenant!.Status!.Breaches!.Single();
        Assert.Equal(("web", "open-to-all", "Ingress"), (breach.Namespace, breach.Policy, breach.Direction));
        Assert.Contains("allows from anywhere", breach.Detail);
        await OperatorTestCluster.WaitUntilAsync(async () => (await _cluster.EventsAboutAsync("team-a")).Any(e => e.Reason == "IsolationBreached"), "an IsolationBreached event");
    }

    [Fact]
    public async Task NonMemberRelabelledOutOfAndIntoWhatATeamPolicyAdmits_MovesIsolated_WithNoOtherTrigger()
    {
        // The outsider matches the team's policy from the start, so the breach is seen by the reconcile the policy's
        // creation starts; after that only the outsider's own relabels can move the condition (no periodic resync
        // runs in these tests, and no tenant selects the outsider).
        await _cluster.CreateNamespaceAsync("outsider", ("access", "web"));
        await _cluster.ApplyTenantAsync("team-a", TeamA);
        await _cluster.WaitForReadyReasonAsync("team-a", "Reconciled");
        await _cluster.Client.NetworkingV1.CreateNamespacedNetworkPolicyAsync(new V1NetworkPolicy
        {
            Metadata = new V1ObjectMeta { Name = "from-web-access" },
            Spec = new V1NetworkPolicySpec
            {
                PodSelector = new V1LabelSelector(),
                Ingress = [new V1NetworkPolicyIngressRule { FromProperty = [new V1NetworkPolicyPeer { NamespaceSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["access"] = "web" } } }] }],
            },
        }, "web");
        var breached = await WaitForIsolatedAsync("False");
        Assert.Equal(("web", "from-web-access"), (breached.Status!.Breaches!.Single().Namespace, breached.Status.Breaches!.Single().Policy));

        await _cluster.LabelNamespaceAsync("outsider", new Dictionary<string, string> { ["access"] = "none" });
        var closed = await WaitForIsolatedAsync("True");
        Assert.Empty(closed.Status!.Breaches ?? []);

        await _cluster.LabelNamespaceAsync("outsider", new Dictionary<string, string> { ["access"] = "web" });
        await WaitForIsolatedAsync("False");
    }

    private async Task<TenantIsolation> WaitForIsolatedAsync(string status)
    {
        TenantIsolation? tenant = null;
        await OperatorTestCluster.WaitUntilAsync(async () =>
            (tenant = await _cluster.GetTenantAsync("team-a"))?.Status?.Conditions?.Any(c => c.Type == "Isolated" && c.Status == status) == true,
            $"Isolated turns {status}");
        return tenant!;
    }

    private static int Count(List<string> items)
    {
        lock (items)
        {
            return items.Count;
        }
    }
}
