using k8s;
namespace TenantOperator.Tests.Integration;

/// <summary>
/// Two operator instances on one Lease: one leads, and the other takes over when it goes. The elector runs on real
/// time, so assertions are orders and lower bounds; a test that needs the lease kept gives it a minute, longer than
/// any wait here, so a stalled machine cannot hand it over by expiry.
/// </summary>
public sealed class LeaderElectionTests : IAsyncLifetime
{
    private static readonly TimeSpan LongLease = TimeSpan.FromMinutes(1);
    private OperatorTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _cluster = await OperatorTestCluster.StartAsync();
        await _cluster.CreateNamespaceAsync("web", ("tenant", "a"));
        await _cluster.ApplyTenantAsync("a", "namespaceSelector: {matchLabels: {tenant: a}}");
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private async Task<(OperatorRun Leader, OperatorRun Follower)> TwoInstancesAsync(bool releaseOnShutdown = true, TimeSpan? leaseDuration = null)
    {
        var options = OperatorTestCluster.Options("op-1", leaderElect: true) with { ReleaseLeaseOnShutdown = releaseOnShutdown };
        if (leaseDuration is { } lease)
        {
            options = options with { LeaseDuration = lease, RenewDeadline = lease * 0.75 };
        }

        var one = _cluster.StartOperator(options);
        var two = _cluster.StartOperator(options with { Identity = "op-2" });
        await OperatorTestCluster.WaitUntilAsync(() => Task.FromResult(one.Instance.IsLeader || two.Instance.IsLeader), "one instance leads");
        await OperatorTestCluster.WaitUntilAsync(() => Task.FromResult(one.Instance.IsReady && two.Instance.IsReady), "both caches are warm");
        await _cluster.WaitForReadyReasonAsync("a", "Reconciled");
        Assert.False(one.Instance.IsLeader && two.Instance.IsLeader);
        return one.Instance.IsLeader ? (one, two) : (two, one);
    }

    [Fact]
    public async Task GracefulShutdownOfTheLeader_HandsOverBeforeTheLeaseCouldExpire()
    {
        var (leader, follower) = await TwoInstancesAsync(leaseDuration: LongLease);
        var held = await LeaseAsync();
        Assert.Equal((leader.Identity, (int)LongLease.TotalSeconds), (held.Spec.HolderIdentity, held.Spec.LeaseDurationSeconds));

        // The lease the follower saw lasts a minute, longer than this wait: taking it over within the wait is the
        // release's doing, not an expiry's.
        Assert.True(OperatorTestCluster.Deadline < LongLease);
        await leader.StopAsync();
        await OperatorTestCluster.WaitUntilAsync(() => Task.FromResult(follower.Instance.IsLeader), "the follower leads");
        var taken = await LeaseAsync();

        Assert.Equal(follower.Identity, taken.Spec.HolderIdentity);
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
        var (leader, follower) = await TwoInstancesAsync(leaseDuration: LongLease);
        // Counted from here: at start-up both raced to create the Lease, and the follower's create was refused.
        var leaderWrites = await InstanceMetrics.WriteRequestsAsync(leader);
        var followerWrites = await InstanceMetrics.WriteRequestsAsync(follower);

        // The follower's caches see the new namespace as the leader's do; only the leader acts on it.
        await _cluster.CreateNamespaceAsync("api", ("tenant", "a"));
        await OperatorTestCluster.WaitUntilAsync(async () => (await _cluster.GetTenantAsync("a"))?.Status?.NamespaceCount == 2, "the leader reconciled the new namespace");
        await OperatorTestCluster.WaitUntilAsync(() => Task.FromResult(follower.Instance.Caches.Namespaces.Cache.Get(null, "api") is not null), "the follower's cache has the namespace");

        Assert.Equal(3, (await _cluster.PolicyNamesAsync("api")).Count);
        Assert.True(await InstanceMetrics.WriteRequestsAsync(leader) > leaderWrites, "the leader wrote the policies and the status");
        Assert.False(follower.Instance.IsLeader);
        Assert.Equal(followerWrites, await InstanceMetrics.WriteRequestsAsync(follower));
        Assert.Equal(0, await InstanceMetrics.ReconcilesAsync(follower));
    }

    private async Task<k8s.Models.V1Lease> LeaseAsync() =>
        await _cluster.Client.CoordinationV1.ReadNamespacedLeaseAsync("tenant-operator", "tenant-operator-system");
}
