using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using TenantOperator.Hosting;
using TenantOperator.LocalApiServer.Faults;

namespace TenantOperator.Tests.Integration;

/// <summary>/readyz tells a Service or a rollout whether the instance has its caches; /healthz only that it lives.</summary>
public sealed class ReadinessTests
{
    [Fact]
    public async Task Readyz_Is503UntilTheCachesHaveListed_WhileHealthzIsOk()
    {
        await using var cluster = await OperatorTestCluster.StartAsync();
        await cluster.CreateNamespaceAsync("web", ("tenant", "a"));
        await cluster.ApplyTenantAsync("a", "namespaceSelector: {matchLabels: {tenant: a}}");

        // The tenants cannot be listed, so that cache cannot sync, however long the instance runs.
        cluster.Server.Faults.FailNext("list", "tenantisolations", int.MaxValue, FaultKind.InternalError);
        var run = cluster.StartOperator();
        await using var health = await HealthServer.StartAsync("http://127.0.0.1:0", run.Instance, NullLoggerFactory.Instance, CancellationToken.None);
        using var http = new HttpClient { BaseAddress = health.Address };
        await OperatorTestCluster.WaitUntilAsync(() => Task.FromResult(cluster.Server.Counters.Count("list", "tenantisolations", 500) > 0), "the instance tried to list the tenants");

        using var notReady = await http.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        Assert.Equal("caches not synced", await notReady.Content.ReadAsStringAsync());
        Assert.Equal("ok", await http.GetStringAsync("/healthz"));
        Assert.Empty(await cluster.PoliciesAsync());

        cluster.Server.Faults.Clear();
        await OperatorTestCluster.WaitUntilAsync(async () => (await http.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK, "/readyz answers 200 once the caches synced");
        await cluster.WaitForReadyReasonAsync("a", "Reconciled");
    }
}
