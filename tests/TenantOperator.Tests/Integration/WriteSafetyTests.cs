using k8s;
using k8s.Models;
using TenantOperator.Api;
using TenantOperator.LocalApiServer.Faults;

namespace TenantOperator.Tests.Integration;

/// <summary>
/// Writes that go wrong, and what the operator must then not do: put a deny in place without its allows, force a
/// write planned from a stale cache over a newer object, or drop what others wrote on a policy it repairs.
/// </summary>
public sealed class WriteSafetyTests : IAsyncLifetime
{
    private const string Deny = WellKnown.DefaultDenyPolicy;
    private const string Dns = "tenant-isolation-dns";
    private const string EgressDb = "tenant-isolation-egress-db";
    private OperatorTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _cluster = await OperatorTestCluster.StartAsync();
        await TeamA.SeedAsync(_cluster);
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task AFailedAllowPhase_StopsTheSequence_SoNoDenyIsWrittenWithoutItsAllows()
    {
        var first = _cluster.StartOperator();
        await TeamA.ConvergedAsync(_cluster);
        await first.StopAsync();

        // With no operator running: an allow is edited (it needs an update) and the deny deleted (it needs a create).
        // The allows go first, the deny after them; every update now fails, so the first phase cannot complete.
        var dns = await PolicyAsync("web", Dns);
        dns.Spec.PodSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "only-this" } };
        await _cluster.Client.NetworkingV1.ReplaceNamespacedNetworkPolicyAsync(dns, Dns, "web");
        await _cluster.Client.NetworkingV1.DeleteNamespacedNetworkPolicyAsync(Deny, "web");
        _cluster.Server.Faults.FailNext("update", "networkpolicies", int.MaxValue, FaultKind.InternalError);
        _cluster.Server.Counters.Reset();
        _cluster.StartOperator(OperatorTestCluster.Options("op-2"));

        // The reconcile that reports the failure wrote status after its writes: by then any create would have been sent.
        var tenant = await _cluster.WaitForReadyReasonAsync("team-a", "ApplyFailed");
        Assert.Contains($"update web/{Dns}", tenant.Status!.Conditions!.Single(c => c.Type == "Ready").Message);
        Assert.True(_cluster.Server.Counters.Count("update", "networkpolicies", 500) > 0, "the update was tried");
        Assert.Equal(0, _cluster.Server.Counters.Count("create", "networkpolicies"));
        Assert.DoesNotContain(Deny, await _cluster.PolicyNamesAsync("web"));

        // Once updates go through, the allow is repaired and then the deny is back.
        _cluster.Server.Faults.Clear();
        await _cluster.WaitForReadyReasonAsync("team-a", "Reconciled");
        Assert.Contains(Deny, await _cluster.PolicyNamesAsync("web"));
        Assert.Null((await PolicyAsync("web", Dns)).Spec.PodSelector.MatchLabels);
    }

    [Fact]
    public async Task WritesPlannedFromAStaleCache_AreRefused_AndReplannedFromTheFreshOne_NeverForcedOverTheNewerPolicy()
    {
        var run = _cluster.StartOperator();
        await TeamA.ConvergedAsync(_cluster);
        await OperatorTestCluster.WaitUntilAsync(() => Task.FromResult(run.Instance.Caches.Policies.Cache.Count == 8), "the operator's cache holds the eight policies");

        // Hold the operator's NetworkPolicy cache back: its watch is dropped and every attempt to watch again fails.
        _cluster.Server.Faults.FailNext("watch", "networkpolicies", int.MaxValue, FaultKind.InternalError);
        _cluster.Server.Faults.DropAllWatches();
        await OperatorTestCluster.WaitUntilAsync(() => Task.FromResult(_cluster.Server.Counters.Count("watch", "networkpolicies", 500) > 0), "the policy watch is refused");

        // Behind the cache's back, someone labels web's egress policy (a newer version) and deletes api's.
        var theirs = await PolicyAsync("web", EgressDb);
        theirs.Metadata.Labels["team.example/owner"] = "payments";
        theirs = await _cluster.Client.NetworkingV1.ReplaceNamespacedNetworkPolicyAsync(theirs, EgressDb, "web");
        await _cluster.Client.NetworkingV1.DeleteNamespacedNetworkPolicyAsync(EgressDb, "api");

        // A spec change the operator does see (its tenant watch is back) needs both policies rewritten. Planned from
        // the stale cache, the writes carry what the cache holds: the server refuses them, 409 and 404.
        _cluster.Server.Counters.Reset();
        await _cluster.ApplyTenantAsync("team-a", TeamA.Spec.Replace("5432", "5433", StringComparison.Ordinal));
        await OperatorTestCluster.WaitUntilAsync(
            () => Task.FromResult(_cluster.Server.Counters.Count("update", "networkpolicies", 409) > 0 && _cluster.Server.Counters.Count("update", "networkpolicies", 404) > 0),
            "the stale writes were refused");
        Assert.Equal(theirs.Metadata.ResourceVersion, (await PolicyAsync("web", EgressDb)).Metadata.ResourceVersion);
        Assert.DoesNotContain(EgressDb, await _cluster.PolicyNamesAsync("api"));

        // Once the cache has caught up, the plan is made again from it: their label stays, api's policy is back.
        _cluster.Server.Faults.Clear();
        await OperatorTestCluster.WaitUntilAsync(async () => await PortOfAsync("web") == "5433" && await PortOfAsync("api") == "5433", "both egress policies allow 5433");
        Assert.Equal("payments", (await PolicyAsync("web", EgressDb)).Metadata.Labels["team.example/owner"]);
        await _cluster.WaitForReadyReasonAsync("team-a", "Reconciled");
        Assert.DoesNotContain(await _cluster.EventsAboutAsync("team-a"), e => e.Reason == "ApplyFailed");
    }

    [Fact]
    public async Task WhatOthersAddToAGeneratedPolicy_SurvivesItsRepair()
    {
        _cluster.StartOperator();
        await TeamA.ConvergedAsync(_cluster);
        var owner = await _cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "audit-trail" } }, "web");

        // Someone changes what the policy enforces, and adds their own label, annotation, owner and finalizer.
        var edited = await PolicyAsync("web", Dns);
        edited.Spec.PodSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "only-this" } };
        edited.Metadata.Labels["team.example/cost-center"] = "42";
        edited.Metadata.Annotations["team.example/reviewed-by"] = "alice";
        edited.Metadata.OwnerReferences.Add(new V1OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = "audit-trail", Uid = owner.Metadata.Uid });
        edited.Metadata.Finalizers = ["team.example/audit"];
        edited = await _cluster.Client.NetworkingV1.ReplaceNamespacedNetworkPolicyAsync(edited, Dns, "web");

        V1NetworkPolicy repaired = null!;
        await OperatorTestCluster.WaitUntilAsync(
            async () => (repaired = await PolicyAsync("web", Dns)).Metadata.ResourceVersion != edited.Metadata.ResourceVersion,
            "the operator rewrote the edited policy");

        Assert.Null(repaired.Spec.PodSelector.MatchLabels);
        Assert.Equal("42", repaired.Metadata.Labels["team.example/cost-center"]);
        Assert.Equal("team-a", repaired.Metadata.Labels[WellKnown.TenantLabel]);
        Assert.Equal("alice", repaired.Metadata.Annotations["team.example/reviewed-by"]);
        Assert.Equal(["ConfigMap/audit-trail", "TenantIsolation/team-a"], repaired.Metadata.OwnerReferences.Select(o => $"{o.Kind}/{o.Name}").Order());
        Assert.Equal(["team.example/audit"], repaired.Metadata.Finalizers);

        // The finalizer is ours to remove, so that the cluster can be torn down.
        repaired.Metadata.Finalizers = null;
        await _cluster.Client.NetworkingV1.ReplaceNamespacedNetworkPolicyAsync(repaired, Dns, "web");
    }

    private Task<V1NetworkPolicy> PolicyAsync(string ns, string name) => _cluster.Client.NetworkingV1.ReadNamespacedNetworkPolicyAsync(name, ns);

    private async Task<string?> PortOfAsync(string ns) =>
        (await _cluster.PoliciesAsync(ns)).SingleOrDefault(p => p.Metadata.Name == EgressDb)?.Spec.Egress.Single().Ports.Single().Port.Value;
}
