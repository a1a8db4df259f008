using k8s;
using TenantOperator.Api;

namespace TenantOperator.Tests.Integration;

/// <summary>What starts a reconcile: not a status-only update (the operator's own status writes would loop), and, for
/// what no event reports, the periodic resync.</summary>
public sealed class ReconcileTriggerTests
{
    [Fact]
    public async Task StatusOnlyUpdates_TriggerNoReconcile_CountedOneTenantAfterAnother()
    {
        // DryRun tenants write no policy, so each reconcile writes one thing: the tenant's status, a status-only update.
        await using var cluster = await OperatorTestCluster.StartAsync();
        await cluster.CreateNamespaceAsync("web", ("tenant", "a"));
        await cluster.ApplyTenantAsync("a", "namespaceSelector: {matchLabels: {tenant: a}}\nmode: DryRun");

        // One worker takes keys in the order they were queued: once a tenant's status is there, every reconcile queued
        // before its own (one a status update would have triggered, say) has finished and been counted.
        var run = cluster.StartOperator(OperatorTestCluster.Options() with { Workers = 1 });
        await StatusWrittenAsync(cluster, "a");
        await cluster.ApplyTenantAsync("b", "namespaces: [b-web]\nmode: DryRun");
        await StatusWrittenAsync(cluster, "b");
        await cluster.ApplyTenantAsync("c", "namespaces: [c-web]\nmode: DryRun");
        await StatusWrittenAsync(cluster, "c");

        // a, b and c once each; the status writes of a and b, which came before c, added none.
        await OperatorTestCluster.WaitUntilAsync(async () => await InstanceMetrics.ReconcilesAsync(run) >= 3, "c's reconcile is counted");
        Assert.Equal(3, await InstanceMetrics.ReconcilesAsync(run));
    }

    [Fact]
    public async Task PeriodicResync_RestoresAStatusSomeoneElseOverwrote_AndWritesNothingOnAConvergedCluster()
    {
        await using var cluster = await OperatorTestCluster.StartAsync();
        await cluster.CreateNamespaceAsync("web", ("tenant", "a"));
        await cluster.ApplyTenantAsync("a", "namespaceSelector: {matchLabels: {tenant: a}}");
        var run = cluster.StartOperator(OperatorTestCluster.Options() with { ResyncPeriod = TimeSpan.FromSeconds(1) });
        await cluster.WaitForReadyReasonAsync("a", "Reconciled");
        await OperatorTestCluster.WaitUntilAsync(async () => (await cluster.PolicyNamesAsync("web")).Count == 3, "web has its policies");

        // Converged: one reconcile more finishes whatever the first left, then two resyncs pass and write nothing at all.
        await ReconcilesAfterAsync(run, 1);
        cluster.Server.Counters.Reset();
        await ReconcilesAfterAsync(run, 2);
        Assert.Equal(0, cluster.Server.Counters.Writes());

        // Someone overwrites the status: a status-only update, which by design starts no reconcile. The resync does.
        var tenant = (await cluster.GetTenantAsync("a"))!;
        var ready = tenant.Status!.Conditions!.Single(c => c.Type == "Ready");
        (ready.Status, ready.Reason, ready.Message) = ("False", "Tampered", "written by someone else");
        await cluster.Client.CustomObjects.ReplaceClusterCustomObjectStatusAsync(tenant, TenantIsolation.Group, TenantIsolation.Version, TenantIsolation.Plural, "a");

        await cluster.WaitForReadyReasonAsync("a", "Reconciled");
        // The server counts a request once it has answered it, so the repair can be readable a moment before it is
        // counted: wait for the count, then check that it is no more than the one repair.
        await OperatorTestCluster.WaitUntilAsync(
            () => Task.FromResult(cluster.Server.Counters.Count("update", "tenantisolations/status", 200) >= 2), "the operator's repair is counted");
        Assert.Equal(2, cluster.Server.Counters.Count("update", "tenantisolations/status", 200)); // theirs, then the operator's one repair
    }

    private static Task StatusWrittenAsync(OperatorTestCluster cluster, string tenant) =>
        OperatorTestCluster.WaitUntilAsync(async () => (await cluster.GetTenantAsync(tenant))?.Status?.Conditions is { Count: > 0 }, $"tenant {tenant} has a status");

    private static async Task ReconcilesAfterAsync(OperatorRun run, int more)
    {
        var mark = await InstanceMetrics.ReconcilesAsync(run);
        await OperatorTestCluster.WaitUntilAsync(async () => await InstanceMetrics.ReconcilesAsync(run) >= mark + more, $"{more} more reconcile(s)");
    }
}
