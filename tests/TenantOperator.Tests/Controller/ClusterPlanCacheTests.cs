using Microsoft.Extensions.Logging.Abstractions;
using TenantOperator.Api;
using TenantOperator.Controller;
using TenantOperator.Policy.Planning;
using TenantOperator.Runtime.Metrics;
using TenantOperator.Tests.Integration;

namespace TenantOperator.Tests.Controller;

/// <summary>
/// When the cluster plan is made again, against a LocalApiServer over HTTP: the operator's own marks on a namespace
/// keep the plan (a cold start marks every member namespace), but the namespaces beside it show them; a tenant that
/// selects by a mark gets a new plan that follows it.
/// </summary>
public sealed class ClusterPlanCacheTests
{
    [Fact]
    public async Task MarkingANamespace_KeepsThePlan_WhileItsNamespacesShowTheMarks()
    {
        await using var cluster = await OperatorTestCluster.StartAsync();
        await cluster.ApplyTenantAsync("a", "namespaceSelector: {matchLabels: {team: a}}");
        await cluster.CreateNamespaceAsync("web", ("team", "a"));
        using var caches = await SyncedCachesAsync(cluster);
        var plans = new ClusterPlanCache(caches.Caches, PlannerOptions.WithProtected([]));
        var before = plans.Current();

        await cluster.LabelNamespaceAsync("web", Labels(("team", "a"), (WellKnown.TenantLabel, "a"), (WellKnown.IsolatedLabel, "true")));
        await OperatorTestCluster.WaitUntilAsync(() => Task.FromResult(Labels(plans.Current(), "web").ContainsKey(WellKnown.IsolatedLabel)), "the snapshot shows web's marks");

        Assert.Same(before.Plan, plans.Current().Plan);
        Assert.Equal("a", Labels(plans.Current(), "web")[WellKnown.TenantLabel]);
    }

    [Fact]
    public async Task MarkingANamespace_RePlans_WhenATenantSelectsByAMark()
    {
        await using var cluster = await OperatorTestCluster.StartAsync();
        await cluster.ApplyTenantAsync("watchers", $"namespaceSelector: {{matchLabels: {{{WellKnown.IsolatedLabel}: 'true'}}}}");
        await cluster.CreateNamespaceAsync("web", ("team", "a"));
        using var caches = await SyncedCachesAsync(cluster);
        var plans = new ClusterPlanCache(caches.Caches, PlannerOptions.WithProtected([]));
        var before = plans.Current();
        Assert.Empty(before.Plan.MembersOf("watchers") ?? []);

        await cluster.LabelNamespaceAsync("web", Labels(("team", "a"), (WellKnown.IsolatedLabel, "true")));
        await OperatorTestCluster.WaitUntilAsync(() => Task.FromResult(Labels(plans.Current(), "web").ContainsKey(WellKnown.IsolatedLabel)), "the snapshot shows web's mark");

        Assert.NotSame(before.Plan, plans.Current().Plan);
        Assert.Equal(["web"], plans.Current().Plan.MembersOf("watchers") ?? []);
    }

    [Fact]
    public async Task AnyOtherLabel_RePlans()
    {
        await using var cluster = await OperatorTestCluster.StartAsync();
        await cluster.ApplyTenantAsync("a", "namespaceSelector: {matchLabels: {team: a}}");
        await cluster.CreateNamespaceAsync("web", ("team", "b"));
        using var caches = await SyncedCachesAsync(cluster);
        var plans = new ClusterPlanCache(caches.Caches, PlannerOptions.WithProtected([]));
        Assert.Empty(plans.Current().Plan.MembersOf("a") ?? []);

        await cluster.LabelNamespaceAsync("web", Labels(("team", "a")));
        await OperatorTestCluster.WaitUntilAsync(() => Task.FromResult(Labels(plans.Current(), "web")["team"] == "a"), "the snapshot shows web's new label");

        Assert.Equal(["web"], plans.Current().Plan.MembersOf("a") ?? []);
    }

    private static Dictionary<string, string> Labels(params (string Key, string Value)[] labels) => labels.ToDictionary(l => l.Key, l => l.Value);

    private static IDictionary<string, string> Labels(PlanningSnapshot snapshot, string ns) => snapshot.Namespaces.Single(n => n.Name == ns).Labels;

    private static async Task<RunningCaches> SyncedCachesAsync(OperatorTestCluster cluster)
    {
        var caches = new ClusterCaches(cluster.Client, new RuntimeMetrics(), TimeProvider.System, NullLoggerFactory.Instance);
        var running = new RunningCaches(caches);
        await caches.WaitForSyncAsync(CancellationToken.None).WaitAsync(OperatorTestCluster.Deadline);
        return running;
    }

    /// <summary>Caches whose informers run until disposed.</summary>
    private sealed class RunningCaches : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _run;

        public RunningCaches(ClusterCaches caches)
        {
            Caches = caches;
            _run = caches.RunAsync(_stop.Token);
        }

        public ClusterCaches Caches { get; }

        public void Dispose()
        {
            _stop.Cancel();
            _run.ContinueWith(_ => { }, TaskScheduler.Default).Wait(OperatorTestCluster.Deadline);
            _stop.Dispose();
        }
    }
}
