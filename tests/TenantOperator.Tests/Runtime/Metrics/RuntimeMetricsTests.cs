using System.Net;
using k8s;
using TenantOperator.Runtime.Http;
using TenantOperator.Runtime.Metrics;
using TenantOperator.Runtime.Queue;

namespace TenantOperator.Tests.Runtime.Metrics;

public sealed class RuntimeMetricsTests
{
    [Fact]
    public async Task EveryRequestOfTheClient_IsCountedByVerbAndCode_IncludingFailures()
    {
        var metrics = new RuntimeMetrics();
        var http = new ScriptedHttpHandler()
            .Respond(HttpStatusCode.OK, """{"kind":"NamespaceList","apiVersion":"v1","metadata":{},"items":[]}""")
            .Respond(HttpStatusCode.Conflict, """{"kind":"Status","code":409,"reason":"Conflict"}""")
            .Fail(new HttpRequestException("connection refused"));
        using var client = KubernetesClientFactory.Create(new KubernetesClientConfiguration { Host = "http://127.0.0.1:1" }, metrics, http);

        await client.CoreV1.ListNamespaceAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => client.CoreV1.CreateNamespaceAsync(new k8s.Models.V1Namespace { Metadata = new() { Name = "a" } }));
        await Assert.ThrowsAnyAsync<Exception>(() => client.CoreV1.ReadNamespaceAsync("a"));

        Assert.Equal(1, metrics.ApiRequests.Get("list", "200"));
        Assert.Equal(1, metrics.ApiRequests.Get("create", "409"));
        Assert.Equal(1, metrics.ApiRequests.Get("get", "error"));
    }

    [Fact]
    public async Task TwoInstances_DoNotShareCounters_AndExportPrometheusText()
    {
        var first = new RuntimeMetrics();
        var second = new RuntimeMetrics();
        first.ApiRequests.Count("create", "201");
        first.Reconciles.Reconciled("tenantisolation", ReconcileOutcome.Error, TimeSpan.FromMilliseconds(20));
        first.Leader.SetLeader("tenant-operator", true);
        first.WorkQueue.DepthChanged("tenants", 3);

        Assert.Equal(0, second.ApiRequests.Get("create", "201"));
        var text = await first.ExportAsTextAsync();
        Assert.Contains("tenant_operator_api_requests_total{verb=\"create\",code=\"201\"} 1", text);
        Assert.Contains("tenant_operator_reconcile_total{controller=\"tenantisolation\",result=\"error\"} 1", text);
        Assert.Contains("tenant_operator_reconcile_duration_seconds_count{controller=\"tenantisolation\"} 1", text);
        Assert.Contains("tenant_operator_leader_is_leader{lease=\"tenant-operator\"} 1", text);
        Assert.Contains("tenant_operator_workqueue_depth{queue=\"tenants\"} 3", text);
    }

    [Fact]
    public async Task QueueAndWorkers_FeedTheirMetrics()
    {
        var metrics = new RuntimeMetrics();
        using var queue = new WorkQueue<string>(new WorkQueueOptions { Name = "tenants" }, metrics: metrics.WorkQueue);
        using var stop = new CancellationTokenSource();
        var done = 0;
        var pool = new ReconcileWorkerPool<string>(queue, (_, _) =>
        {
            Interlocked.Increment(ref done);
            return Task.FromResult(ReconcileResult.Success);
        }, new WorkerPoolOptions { ControllerName = "tenantisolation" }, metrics.Reconciles);
        var run = pool.RunAsync(stop.Token);

        queue.Add("a");
        queue.Add("b");
        await Eventually.True(() => done == 2, "both reconciled");
        await stop.CancelAsync();
        await run;

        var text = await metrics.ExportAsTextAsync();
        Assert.Contains("tenant_operator_workqueue_adds_total{queue=\"tenants\"} 2", text);
        Assert.Contains("tenant_operator_workqueue_queue_duration_seconds_count{queue=\"tenants\"} 2", text);
        Assert.Contains("tenant_operator_reconcile_total{controller=\"tenantisolation\",result=\"success\"} 2", text);
    }
}
