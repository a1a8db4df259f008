using k8s;

namespace TenantOperator.Tests.Integration;

/// <summary>A leader whose lease someone else took (a replica that won it across a partition, say) must stop writing.</summary>
public sealed class DeposedLeaderTests
{
    private const string LeaseName = "tenant-operator";
    private const string LeaseNamespace = "tenant-operator-system";

    [Fact]
    public async Task ALeaderWhoseLeaseWasTaken_StopsWriting_AndDoesTheWorkWhenItLeadsAgain()
    {
        await using var cluster = await OperatorTestCluster.StartAsync();
        await cluster.CreateNamespaceAsync("web", ("tenant", "a"));
        await cluster.ApplyTenantAsync("a", "namespaceSelector: {matchLabels: {tenant: a}}");

        // op-1 gives up 2 s after its last renewal; it would take a lease nobody renews for 10 s.
        var run = cluster.StartOperator(OperatorTestCluster.Options("op-1", leaderElect: true) with
        {
            LeaseDuration = TimeSpan.FromSeconds(10),
            RenewDeadline = TimeSpan.FromSeconds(2),
        });
        await cluster.WaitForReadyReasonAsync("a", "Reconciled");
        Assert.True(run.Instance.IsLeader);

        // Another holder takes the lease and keeps renewing it; op-1 fails to renew and stops leading.
        await using (var usurper = await LeaseHolder.TakeAsync(cluster, "usurper"))
        {
            await OperatorTestCluster.WaitUntilAsync(() => Task.FromResult(!run.Instance.IsLeader), "op-1 stops leading");
            var writes = await InstanceMetrics.WriteRequestsAsync(run);
            var reconciles = await InstanceMetrics.ReconcilesAsync(run);

            // A namespace joins the tenant: op-1's caches see it and its queue holds the tenant, but no worker takes it.
            await cluster.CreateNamespaceAsync("api", ("tenant", "a"));
            await OperatorTestCluster.WaitUntilAsync(
                async () => run.Instance.Caches.Namespaces.Cache.Get(null, "api") is not null
                    && await InstanceMetrics.SumAsync(run, "tenant_operator_workqueue_depth") >= 1,
                "op-1 queued the tenant for the new namespace");
            Assert.Equal(writes, await InstanceMetrics.WriteRequestsAsync(run));
            Assert.Equal(reconciles, await InstanceMetrics.ReconcilesAsync(run));
            Assert.Empty(await cluster.PoliciesAsync("api"));
            Assert.False(run.Instance.IsLeader);
        }

        // The usurper released the lease: op-1 takes it, and the queued work is done.
        await OperatorTestCluster.WaitUntilAsync(async () => (await cluster.PolicyNamesAsync("api")).Count == 3, "op-1 leads again and isolates api");
        Assert.True(run.Instance.IsLeader);
    }

    /// <summary>
    /// Holds the operator's Lease as another replica would: takes it, renews it every 200 ms, and releases it (empty
    /// holder) when disposed.
    /// </summary>
    private sealed class LeaseHolder : IAsyncDisposable
    {
        private readonly OperatorTestCluster _cluster;
        private readonly CancellationTokenSource _stop = new();
        private Task _renewals = Task.CompletedTask;

        private LeaseHolder(OperatorTestCluster cluster) => _cluster = cluster;

        public static async Task<LeaseHolder> TakeAsync(OperatorTestCluster cluster, string identity)
        {
            var holder = new LeaseHolder(cluster);
            await holder.WriteAsync(identity, takeOver: true);
            holder._renewals = holder.RenewAsync(identity);
            return holder;
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _renewals;
            await WriteAsync("", takeOver: true);
            _stop.Dispose();
        }

        private async Task RenewAsync(string identity)
        {
            while (!_stop.IsCancellationRequested)
            {
                await WriteAsync(identity, takeOver: false);
                await Task.Delay(TimeSpan.FromMilliseconds(200), _stop.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        // Read, change, replace; a conflict (op-1's renewal got there first) is read again.
        private Task WriteAsync(string identity, bool takeOver) =>
            Conflicts.RetryAsync(async () =>
            {
                var lease = await _cluster.Client.CoordinationV1.ReadNamespacedLeaseAsync(LeaseName, LeaseNamespace);
                var now = DateTime.UtcNow;
                lease.Spec.HolderIdentity = identity;
                lease.Spec.LeaseDurationSeconds = 10;
                lease.Spec.RenewTime = now;
                if (takeOver)
                {
                    lease.Spec.AcquireTime = now;
                    lease.Spec.LeaseTransitions = (lease.Spec.LeaseTransitions ?? 0) + 1;
                }

                return await _cluster.Client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, LeaseName, LeaseNamespace);
            });
    }
}
