using Microsoft.Extensions.Logging.Abstractions;
using TenantOperator.Hosting;

namespace TenantOperator.Tests.Integration;

public sealed class HealthServerTests
{
    [Fact]
    public async Task HealthReadinessAndMetrics_AreServed()
    {
        await using var cluster = await OperatorTestCluster.StartAsync();
        await cluster.CreateNamespaceAsync("web", ("tenant", "a"));
        await cluster.ApplyTenantAsync("a", "namespaceSelector: {matchLabels: {tenant: a}}");
        var run = cluster.StartOperator();
        await using var health = await HealthServer.StartAsync("http://127.0.0.1:0", run.Instance, NullLoggerFactory.Instance, CancellationToken.None);
        using var http = new HttpClient { BaseAddress = health.Address };

        Assert.Equal("ok", await http.GetStringAsync("/healthz"));
        await OperatorTestCluster.WaitUntilAsync(async () => (await http.GetAsync("/readyz")).IsSuccessStatusCode, "/readyz answers 200 once the caches synced");
        await cluster.WaitForReadyReasonAsync("a", "Reconciled");

        // The reconciler updates its gauges just after writing status, and a scrape may fall between two gauges' updates
        // (Prometheus scrapes are not atomic across metrics): wait for both rather than race them.
        var metrics = "";
        await OperatorTestCluster.WaitUntilAsync(async () =>
            (metrics = await http.GetStringAsync("/metrics")).Contains("tenant_operator_managed_policies 3", StringComparison.Ordinal)
            && metrics.Contains("tenant_operator_tenants{ready=\"True\",isolated=\"True\"} 1", StringComparison.Ordinal),
            "the managed-policies gauge shows the tenant's three policies and the tenants gauge one Ready, Isolated tenant");

        foreach (var name in new[]
        {
            "tenant_operator_reconcile_total", "tenant_operator_reconcile_duration_seconds", "tenant_operator_workqueue_depth",
            "tenant_operator_workqueue_queue_duration_seconds", "tenant_operator_api_requests_total", "tenant_operator_managed_policies",
            "tenant_operator_policy_writes_total", "tenant_operator_drift_repairs_total", "tenant_operator_tenants",
            "tenant_operator_isolation_latency_seconds", "tenant_operator_leader_is_leader",
        })
        {
            Assert.Contains(name, metrics);
        }

        Assert.Contains("tenant_operator_managed_policies 3", metrics);
        Assert.Contains("tenant_operator_tenants{ready=\"True\",isolated=\"True\"} 1", metrics);
    }
}
