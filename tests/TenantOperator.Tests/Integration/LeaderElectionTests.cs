using k8s;
namespace TenantOperator.Tests.Integration;

/// <summary>Two operator instances on one Lease: one leads, and the other takes over when it goes.</summary>
public sealed class LeaderElectionTests : IAsyncLifetime
{
    private OperatorTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _cluster = await OperatorTestCluster.StartAsync();
        await _cluster.CreateNamespaceAsync("web", ("tenant", "a"));
        await _cluster.ApplyTenantAsync("a", "namespaceSelector: {matchLabels: {tenant: a}}");
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private async Task<(OperatorRun Leader, OperatorRun Follower)> TwoInstancesAsync(bool releaseOnShutdown = true)
    {
        var one = _cluster.StartOperator(OperatorTestCluster.Options("op-1", leaderElect: true) with { ReleaseLeaseOnShutdown = releaseOnShutdown });
        var two = _cluster.StartOperator(OperatorTestCluster.Options("op-2", leaderElect: true) with { ReleaseLeaseOnShutdown = releaseOnShutdown });
        await OperatorTestCluster.WaitUntilAsync(() => Task.FromResult(one.Instance.IsLeader || two.Instance.IsLeader), "one instance leads");
        await OperatorTestCluster.WaitUntilAsync(() => Task.FromResult(one.Instance.IsReady && two.Instance.IsReady), "both caches are warm");
        await _cluster.WaitForReadyReasonAsync("a", "Reconciled");
        Assert.False(one.Instance.IsLeader && two.Instance.IsLeader);
        return one.Instance.IsLeader ? (one, two) : (two, one);
    }

    [Fact]
    public async Task GracefulShutdownOfTheLeader_HandsOverBeforeTheLeaseCouldExpire()
    {
        var (leader, follower) = await TwoInstancesAsync();
        var held = await LeaseAsync();
        Assert.Equal(leader.Identity, held.Spec.HolderIdentity);

        await leader.StopAsync();
        await OperatorTestCluster.WaitUntilAsync(() => Task.FromResult(follower.Instance.IsLeader), "the follower leads");
        var taken = await LeaseAsync();

        // Without the release, the follower could not acquire the lease before the 3 s it lasts from the leader's
        // last renewal; this holds however loaded the machine is, unlike a stopwatch.
        Assert.Equal(follower.Identity, taken.Spec.HolderIdentity);
        Assert.True(taken.Spec.AcquireTime < held.Spec.RenewTime!.Value.AddSeconds(3),
            $"acquired at {taken.Spec.AcquireTime:O}; the leader had renewed at {held.Spec.RenewTime:O} for 3 s");
        await _cluster.CreateNamespaceAsync("api", ("tenant", "a"));
        await OperatorTestCluster.WaitUntilAsync(async () => (await _cluster.PolicyNamesAsync("api")).Count == 3, "the new leader reconciles");
    }

    [Fact]
    public async Task KilledLeader_IsReplacedAfterTheLeaseExpires()
    {
        var (leader, follower) = await TwoInstancesAsync(releaseOnShutdown: false);

        var held = await LeaseAsync();
        await leader.StopAsync(); // no release: as if the process died
        await OperatorTestCluster.WaitUntilAsync(() => Task.FromResult(follower.Instance.IsLeader), "the follower leads after the lease expires");
        var taken = await LeaseAsync();

        // The lease was not released, so it was only taken once it had expired: at least 3 s after a renewal.
        Assert.Equal(follower.Identity, taken.Spec.HolderIdentity);
        Assert.True(taken.Spec.AcquireTime >= held.Spec.RenewTime!.Value.AddSeconds(3),
            $"acquired at {taken.Spec.AcquireTime:O}, before the lease renewed at {held.Spec.RenewTime:O} could expire");
        await _cluster.CreateNamespaceAsync("api", ("tenant", "a"));
        await OperatorTestCluster.WaitUntilAsync(async () => (await _cluster.PolicyNamesAsync("api")).Count == 3, "the new leader reconciles");
    }

    [Fact]
    public async Task TheFollower_WritesNothing()
    {
        var (_, follower) = await TwoInstancesAsync();
        _cluster.Server.Counters.Reset();

        await _cluster.CreateNamespaceAsync("api", ("tenant", "a"));
        await OperatorTestCluster.WaitUntilAsync(async () => (await _cluster.PolicyNamesAsync("api")).Count == 3, "the leader reconciles");

        Assert.False(follower.Instance.IsLeader);
        Assert.Equal(0, ReconcileCount(follower));
    }

    private async Task<k8s.Models.V1Lease> LeaseAsync() =>
        await _cluster.Client.CoordinationV1.ReadNamespacedLeaseAsync("tenant-operator", "tenant-operator-system");

    private static double ReconcileCount(OperatorRun run) =>
        Prometheus.Metrics.WithCustomRegistry(run.Instance.Metrics.Registry)
            .CreateCounter("tenant_operator_reconcile_total", "", ["controller", "result"]).WithLabels("tenantisolation", "success").Value;
}
