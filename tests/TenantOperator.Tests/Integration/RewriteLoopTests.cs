using System.Text.Json.Nodes;
using Xunit.Abstractions;
using TenantOperator.Policy.Reconciliation;

namespace TenantOperator.Tests.Integration;

/// <summary>
/// Someone rewrites every NetworkPolicy on write (the LocalApiServer's mutating-webhook fault): the operator stops
/// after a bounded number of writes, says so, and converges once the rewriting stops.
/// </summary>
public sealed class RewriteLoopTests(ITestOutputHelper output) : IAsyncLifetime
{
    // Two member namespaces, three generated policies in each.
    private const int Policies = 6;
    private OperatorTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _cluster = await OperatorTestCluster.StartAsync();
        await _cluster.CreateNamespaceAsync("a-0");
        await _cluster.CreateNamespaceAsync("a-1");
        await _cluster.ApplyTenantAsync("a", "namespaces: [a-0, a-1]");
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task AWebhookRewritingTheSpec_GivesPolicyRewrittenByOthers_WithinThreeWritesPerPolicy_ThenRecovers()
    {
        // A webhook that scopes every policy to meshed pods: the operator's podSelector {} never sticks.
        _cluster.Server.Faults.RewriteEveryWrite("networkpolicies", Patch("""[{"op": "add", "path": "/spec/podSelector/matchLabels", "value": {"mesh": "on"}}]"""));
        _cluster.Server.Counters.Reset();
        var run = _cluster.StartOperator(OperatorTestCluster.Options() with { RewriteBackoff = TimeSpan.FromSeconds(5), RewriteBackoffMax = TimeSpan.FromSeconds(10) });

        var looping = await _cluster.WaitForReadyReasonAsync("a", ConditionReasons.PolicyRewrittenByOthers);
        var writes = _cluster.Server.Counters.Writes("networkpolicies");
        output.WriteLine($"NetworkPolicy writes until PolicyRewrittenByOthers: {writes} for {Policies} policies");
        Assert.True(writes <= RewriteLoopGuard.MaxRewrittenWrites * Policies, $"{writes} NetworkPolicy writes before the loop was reported; at most {RewriteLoopGuard.MaxRewrittenWrites * Policies} expected");
        var ready = looping.Status!.Conditions!.Single(c => c.Type == "Ready");
        Assert.Equal("False", ready.Status);
        Assert.Contains("a-0/tenant-isolation-default-deny (spec.podSelector.matchLabels[mesh])", ready.Message);
        // The event is recorded just after the status is written: wait for it rather than race it.
        await OperatorTestCluster.WaitUntilAsync(
            async () => (await _cluster.EventsAboutAsync("a")).Any(e => e.Reason == ConditionReasons.PolicyRewrittenByOthers), "the PolicyRewrittenByOthers event");
        var loopEvent = (await _cluster.EventsAboutAsync("a")).Single(e => e.Reason == ConditionReasons.PolicyRewrittenByOthers);
        Assert.Equal("Warning", loopEvent.Type);
        Assert.Contains("a-0/tenant-isolation-default-deny (spec.podSelector.matchLabels[mesh])", loopEvent.Message);
        Assert.Equal(Policies, await InstanceMetrics.SumAsync(run, "tenant_operator_rewrite_loops_total"));
        Assert.Equal(Policies, await InstanceMetrics.SumAsync(run, "tenant_operator_rewrite_loop_policies"));

        // The rewriting stops: the next try after the backoff sticks, and the loop is over.
        _cluster.Server.Faults.Clear();
        _cluster.Server.Counters.Reset();
        await _cluster.WaitForReadyReasonAsync("a", ConditionReasons.Reconciled);
        await ClusterAssertions.WaitForExpectedStateAsync(_cluster);
        Assert.Equal(0, await InstanceMetrics.SumAsync(run, "tenant_operator_rewrite_loop_policies"));
        var recoveryWrites = _cluster.Server.Counters.Writes("networkpolicies");
        output.WriteLine($"NetworkPolicy writes from clearing the fault to Reconciled: {recoveryWrites}");
        Assert.True(recoveryWrites <= 2 * Policies, $"{recoveryWrites} NetworkPolicy writes to recover; at most one try per policy per backoff expected");
    }

    [Fact]
    public async Task AWebhookAddingOnlyALabel_IsNoLoop_AndCostsNoUpdate()
    {
        // Labels others add do not change what a policy enforces: the operator keeps them and has nothing to rewrite.
        _cluster.Server.Faults.RewriteEveryWrite("networkpolicies", Patch("""[{"op": "add", "path": "/metadata/labels/mesh", "value": "on"}]"""));
        _cluster.Server.Counters.Reset();
        _cluster.StartOperator();

        await _cluster.WaitForReadyReasonAsync("a", ConditionReasons.Reconciled);
        await ClusterAssertions.WaitForExpectedStateAsync(_cluster);
        Assert.Equal(Policies, _cluster.Server.Counters.Count("create", "networkpolicies", 201));
        Assert.Equal(Policies, _cluster.Server.Counters.Writes("networkpolicies"));
        Assert.All(await _cluster.PoliciesAsync("a-0"), p => Assert.Equal("on", p.Metadata.Labels["mesh"]));
    }

    private static JsonArray Patch(string json) => (JsonArray)JsonNode.Parse(json)!;
}
