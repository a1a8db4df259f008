using k8s;

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
        await _cluster.Client.CoreV1.DeleteNamespaceAsync("api");
        await OperatorTestCluster.WaitUntilAsync(async () => (await _cluster.Client.CoreV1.ListNamespaceAsync()).Items.All(n => n.Metadata.Name != "api"), "api is gone");

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
