using k8s;
using TenantOperator.LocalApiServer.Faults;

namespace TenantOperator.Tests.Integration;

/// <summary>Restarts, faults and dropped watches: the operator converges to exactly the planned state and no further.</summary>
public sealed class ResilienceTests : IAsyncLifetime
{
    private OperatorTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _cluster = await OperatorTestCluster.StartAsync();
        for (var i = 0; i < 6; i++)
        {
            await _cluster.CreateNamespaceAsync($"a-{i}", ("tenant", "a"));
            await _cluster.CreateNamespaceAsync($"b-{i}", ("tenant", "b"));
        }

        await _cluster.ApplyTenantAsync("a", "namespaceSelector: {matchLabels: {tenant: a}}\negress: [{name: to-b, to: [{tenant: b}]}]");
        await _cluster.ApplyTenantAsync("b", "namespaceSelector: {matchLabels: {tenant: b}}\ningress: [{name: from-a, from: [{tenant: a}], ports: [{port: 8080}]}]");
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task RestartOnAConvergedCluster_MakesNoMutatingRequest()
    {
        var first = _cluster.StartOperator();
        await ClusterAssertions.WaitForPlannedStateAsync(_cluster);
        await _cluster.WaitForReadyReasonAsync("a", "Reconciled");
        await _cluster.WaitForReadyReasonAsync("b", "Reconciled");
        await first.StopAsync();

        _cluster.Server.Counters.Reset();
        var second = _cluster.StartOperator(OperatorTestCluster.Options("op-2"));
        await OperatorTestCluster.WaitUntilAsync(
            async () => await InstanceMetrics.SumAsync(second, "tenant_operator_reconcile_total", "result=\"success\"") >= 2, "the restarted operator reconciled both tenants");

        Assert.Equal(0, _cluster.Server.Counters.Writes("networkpolicies"));
        Assert.Equal(0, _cluster.Server.Counters.Writes("tenantisolations"));
        Assert.Equal(0, _cluster.Server.Counters.Writes("tenantisolations/status"));
        Assert.Equal(0, _cluster.Server.Counters.Writes("events"));
        Assert.Equal(0, _cluster.Server.Counters.Count("get", "*"));
    }

    [Fact]
    public async Task ResyncPassesOverAConvergedCluster_MakeNoWrites_WithTheServersDefaulting()
    {
        // The server defaults what the operator leaves out (tenant b's port has no protocol; it stores TCP) and writes
        // policies back in Go's encoding: a plan that differed from the stored form would be rewritten on every pass.
        var run = _cluster.StartOperator(OperatorTestCluster.Options("op-resync") with { ResyncPeriod = TimeSpan.FromMilliseconds(200) });
        await ClusterAssertions.WaitForPlannedStateAsync(_cluster);
        await _cluster.WaitForReadyReasonAsync("a", "Reconciled");
        await _cluster.WaitForReadyReasonAsync("b", "Reconciled");
        var stored = await _cluster.Client.NetworkingV1.ReadNamespacedNetworkPolicyAsync("tenant-isolation-ingress-from-a", "b-0");
        Assert.Equal("TCP", stored.Spec.Ingress[0].Ports[0].Protocol);

        // A pass after convergence lets trailing writes of the first reconciles land before counting starts.
        var settled = await InstanceMetrics.ReconcilesAsync(run) + 2;
        await OperatorTestCluster.WaitUntilAsync(async () => await InstanceMetrics.ReconcilesAsync(run) >= settled, "a resync pass after convergence");
        _cluster.Server.Counters.Reset();
        var counted = await InstanceMetrics.ReconcilesAsync(run) + 4;
        await OperatorTestCluster.WaitUntilAsync(async () => await InstanceMetrics.ReconcilesAsync(run) >= counted, "two more resync passes over both tenants");

        Assert.Equal(0, _cluster.Server.Counters.Writes("networkpolicies"));
        Assert.Equal(0, _cluster.Server.Counters.Writes("tenantisolations"));
        Assert.Equal(0, _cluster.Server.Counters.Writes("tenantisolations/status"));
        Assert.Equal(0, _cluster.Server.Counters.Writes("events"));
    }

    [Fact]
    public async Task InjectedFaults_StillReachExactlyThePlannedState()
    {
        // A tenth of every write fails with a 500 and another tenth with a 429; watches drop; history is compacted.
        foreach (var (verb, seed) in new[] { ("create", 7), ("update", 8), ("delete", 9) })
        {
            _cluster.Server.Faults.FailFraction(verb, "networkpolicies", 0.1, FaultKind.InternalError, seed);
            _cluster.Server.Faults.FailFraction(verb, "networkpolicies", 0.1, FaultKind.TooManyRequests, seed + 10, retryAfter: TimeSpan.FromMilliseconds(100));
        }

        _cluster.Server.Faults.FailFraction("update", "tenantisolations/status", 0.1, FaultKind.InternalError, seed: 13);
        _cluster.StartOperator();

        for (var i = 0; i < 3; i++)
        {
            _cluster.Server.Faults.DropAllWatches();
            await _cluster.CreateNamespaceAsync($"a-late-{i}", ("tenant", "a"));
            _cluster.Server.Faults.CompactHistory();
            _cluster.Server.Faults.DropAllWatches();
        }

        await ClusterAssertions.WaitForPlannedStateAsync(_cluster, TimeSpan.FromSeconds(60));
        await _cluster.WaitForReadyReasonAsync("a", "Reconciled");
        await _cluster.WaitForReadyReasonAsync("b", "Reconciled");
        Assert.True(_cluster.Server.Counters.Count("*", "networkpolicies", 500) > 0, "faults were injected");
        Assert.True(_cluster.Server.Counters.Count("*", "networkpolicies", 429) > 0, "faults were injected");
    }
}
