using k8s;
using TenantOperator.LocalApiServer.Faults;

namespace TenantOperator.Tests.Integration;

/// <summary>A tenant that changes mode, and one that loses a member namespace to deletion.</summary>
public sealed class ModeAndMembershipTests : IAsyncLifetime
{
    private OperatorTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _cluster = await OperatorTestCluster.StartAsync();
        await TeamA.SeedAsync(_cluster);
        _cluster.StartOperator();
        await TeamA.ConvergedAsync(_cluster);
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task SwitchingToDryRun_LeavesThePoliciesAsTheyAre_AndListsWhatEnforceWouldChange()
    {
        var before = await VersionsAsync();
        _cluster.Server.Counters.Reset();

        // In the same update: DryRun, and a new rule that Enforce would have to write.
        await _cluster.ApplyTenantAsync("team-a", """
            namespaceSelector: {matchLabels: {tenant: team-a}}
            mode: DryRun
            egress:
            - {name: db, to: [{namespaces: [db]}], ports: [{port: 5432}]}
            - {name: cache, to: [{namespaces: [db]}], ports: [{port: 6379}]}
            """);

        // The reconcile that wrote this status would have written any policy before it.
        var tenant = await _cluster.WaitForReadyReasonAsync("team-a", "DryRun");
        Assert.Equal(before, await VersionsAsync());
        Assert.Equal(0, _cluster.Server.Counters.Writes("networkpolicies"));
        var pending = tenant.Status!.PendingChanges!;
        Assert.Equal((2, 0, 0), (pending.Create, pending.Update, pending.Delete));
        Assert.Equal(["create api/tenant-isolation-egress-cache", "create web/tenant-isolation-egress-cache"], pending.Items!.Order());
        Assert.Equal("DryRun", tenant.Status.Mode);
    }

    [Fact]
    public async Task DeletedMemberNamespace_LeavesTheTenant_WhichStaysReady_WithNoFailedWrite()
    {
        // The operator learns of the deletion late, as it may: its namespace watch is held back while its policy
        // watch reports the policies that the namespace's deletion removes. It plans their re-creation in a namespace
        // that is gone; the server refuses, and that must read as a cache behind, not as a failed write.
        _cluster.Server.Faults.FailNext("watch", "namespaces", int.MaxValue, FaultKind.InternalError);
        _cluster.Server.Faults.DropAllWatches();
        await OperatorTestCluster.WaitUntilAsync(() => Task.FromResult(_cluster.Server.Counters.Count("watch", "namespaces", 500) > 0), "the namespace watch is refused");
        await _cluster.Client.CoreV1.DeleteNamespaceAsync("api");
        await OperatorTestCluster.WaitUntilAsync(async () => (await _cluster.Client.CoreV1.ListNamespaceAsync()).Items.All(n => n.Metadata.Name != "api"), "api is gone");
        await OperatorTestCluster.WaitUntilAsync(
            () => Task.FromResult(_cluster.Server.Counters.Count("create", "networkpolicies", 404) + _cluster.Server.Counters.Count("create", "networkpolicies", 403) > 0),
            "the operator tried to put api's policies back");
        _cluster.Server.Faults.Clear();

        await OperatorTestCluster.WaitUntilAsync(async () => (await _cluster.GetTenantAsync("team-a"))?.Status?.Namespaces is ["web"], "the tenant's members are web alone");
        var tenant = await _cluster.WaitForReadyReasonAsync("team-a", "Reconciled");
        Assert.Equal((1, 4), (tenant.Status!.NamespaceCount, tenant.Status.PolicyCount));
        Assert.Equal(4, (await _cluster.PolicyNamesAsync("web")).Count);
        Assert.DoesNotContain(await _cluster.EventsAboutAsync("team-a"), e => e.Reason == "ApplyFailed");
    }

    // namespace/name → resourceVersion of every NetworkPolicy in the cluster.
    private async Task<Dictionary<string, string>> VersionsAsync() =>
        (await _cluster.PoliciesAsync()).ToDictionary(p => $"{p.Metadata.NamespaceProperty}/{p.Metadata.Name}", p => p.Metadata.ResourceVersion);
}
