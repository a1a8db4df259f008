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

    [Fact]
    public async Task PathsMatchAsRoutesDo_AnyOtherPathIs404_AndAnotherMethod405()
    {
        await using var cluster = await OperatorTestCluster.StartAsync();
        var run = cluster.StartOperator();
        await using var health = await HealthServer.StartAsync("http://127.0.0.1:0", run.Instance, NullLoggerFactory.Instance, CancellationToken.None);
        using var http = new HttpClient { BaseAddress = health.Address };

        using var upperCase = await http.GetAsync("/HealthZ/");
        Assert.Equal(System.Net.HttpStatusCode.OK, upperCase.StatusCode);
        Assert.Equal("text/plain; charset=utf-8", upperCase.Content.Headers.ContentType?.ToString());
        Assert.Equal("ok", await upperCase.Content.ReadAsStringAsync());
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync("/livez")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await http.GetAsync("/healthz/more")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await http.GetAsync("/")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.MethodNotAllowed, (await http.PostAsync("/metrics", content: null)).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.MethodNotAllowed, (await http.DeleteAsync("/readyz")).StatusCode);
    }

    [Fact]
    public async Task TheFullCollectionEndpoint_IsServedOnlyWhenAskedFor_AndCollectsBeforeItReadsTheHeap()
    {
        await using var cluster = await OperatorTestCluster.StartAsync();
        var run = cluster.StartOperator();
        await using (var plain = await HealthServer.StartAsync("http://127.0.0.1:0", run.Instance, NullLoggerFactory.Instance, CancellationToken.None))
        {
            using var http = new HttpClient { BaseAddress = plain.Address };
            Assert.Equal(System.Net.HttpStatusCode.NotFound, (await http.PostAsync("/debug/gc", content: null)).StatusCode);
        }

        await using var health = await HealthServer.StartAsync("http://127.0.0.1:0", run.Instance, NullLoggerFactory.Instance, CancellationToken.None, debugEndpoints: true);
        using var client = new HttpClient { BaseAddress = health.Address };

        // The server runs in this process: the full collections it counts are this process's, read here before and after.
        var before = GC.CollectionCount(GC.MaxGeneration);
        using var response = await client.PostAsync("/debug/gc", content: null);
        var after = GC.CollectionCount(GC.MaxGeneration);
        response.EnsureSuccessStatusCode();
        using var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var reading = body.RootElement;
        Assert.True(after - before >= 2, $"two full collections: {before} before, {after} after");
        var counted = reading.GetProperty("fullCollections").GetInt32();
        Assert.InRange(counted, before + 2, after);
        var heap = reading.GetProperty("heapBytes").GetInt64();
        Assert.InRange(heap, 1, reading.GetProperty("committedBytes").GetInt64());
        Assert.True(reading.GetProperty("workingSetBytes").GetInt64() > heap, "the process holds more than its managed heap");

        // A GET is no way to pause the process.
        Assert.Equal(System.Net.HttpStatusCode.MethodNotAllowed, (await client.GetAsync("/debug/gc")).StatusCode);
    }
}
