using System.Net;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using TenantOperator.Api;
using TenantOperator.Runtime.Metrics;
using TenantOperator.Runtime.Writes;
using Xunit.Abstractions;

namespace TenantOperator.Tests.Runtime.Integration;

/// <summary>
/// The KubernetesWriter on the real KubernetesClient against a LocalKubernetesApiServer over HTTP:
/// retries of real 500s and 429s, 409 on a stale resourceVersion, no retries of other 4xx, and the
/// write budget.
/// </summary>
public sealed class WriterIntegrationTests(ITestOutputHelper output)
{
    private const string Ns = "writes";

    // Short retry backoff so that the test does not wait out production delays; Retry-After is still honoured in full.
    private static readonly KubernetesWriterOptions FastRetries = new() { RetryBaseDelay = TimeSpan.FromMilliseconds(20), Qps = 1000, Burst = 1000 };

    [Fact]
    public async Task OneWriteInTenFailingWith500Or429_EveryWriteStillLandsExactlyOnce()
    {
        const int Policies = 40;
        const int Tenants = 10;
        await using var cluster = await LocalCluster.StartAsync();
        await cluster.InstallTenantCrdAsync();
        await cluster.CreateNamespaceAsync(Ns);
        var tenants = new List<TenantIsolation>();
        for (var i = 0; i < Tenants; i++)
        {
            tenants.Add(await cluster.CreateTenantAsync($"t-{i}", Ns));
        }

        var faults = new RandomServerFaults(cluster.Server.Faults, seed: 20260101, probability: 0.1, retryAfter: TimeSpan.FromSeconds(1));
        var log = new RequestLog();
        var metrics = new RuntimeMetrics();
        using var writer = new KubernetesWriter(cluster.NewClient(metrics, faults, log), FastRetries);
        cluster.Server.Counters.Reset();

        var created = await InParallel(Policies, i => writer.CreateAsync(TestObjects.Policy(Ns, $"p-{i:D2}"), default));
        var replaced = await InParallel(Policies, i =>
        {
            var policy = created[i];
            policy.Spec.Ingress[0].Ports = [new V1NetworkPolicyPort { Protocol = "TCP", Port = 8080 }];
            return writer.ReplaceAsync(policy, default);
        });
        var deleted = await InParallel(Policies / 2, i => writer.DeleteAsync<V1NetworkPolicy>(Ns, replaced[i].Name(),
            new V1Preconditions { Uid = replaced[i].Uid(), ResourceVersion = replaced[i].ResourceVersion() }, default));
        await InParallel(Tenants, i =>
        {
            tenants[i].Status = new TenantIsolationStatus { ObservedGeneration = 1, NamespaceCount = 1, Namespaces = [Ns] };
            return writer.ReplaceClusterCustomResourceStatusAsync(tenants[i], default);
        });
        faults.Stop();
        output.WriteLine($"{log.Requests.Count} requests for {2 * Policies + (Policies / 2) + Tenants} writes; the server answered {faults.InternalErrors} with 500 and {faults.TooManyRequests} with 429");

        // Faults really happened, as HTTP answers of the server, and each was retried.
        var counters = cluster.Server.Counters;
        Assert.True(faults.InternalErrors >= 3 && faults.TooManyRequests >= 3, $"too few faults drawn: {faults.InternalErrors} 500s, {faults.TooManyRequests} 429s");
        Assert.Equal(faults.InternalErrors, counters.Count("*", "*", 500));
        Assert.Equal(faults.TooManyRequests, counters.Count("*", "*", 429));
        Assert.Equal(faults.InternalErrors, (int)metrics.ApiRequests.Get("create", "500") + (int)metrics.ApiRequests.Get("update", "500") + (int)metrics.ApiRequests.Get("delete", "500"));

        // Each write landed exactly once: one success per write, no 409 (a create repeated after it had landed would be one).
        Assert.Equal(Policies, counters.Count("create", "networkpolicies", 201));
        Assert.Equal(Policies, counters.Count("update", "networkpolicies", 200));
        Assert.Equal(Policies / 2, counters.Count("delete", "networkpolicies", 200));
        Assert.Equal(Tenants, counters.Count("update", "tenantisolations/status", 200));
        Assert.Equal(0, counters.Count("*", "*", 409));
        Assert.All(deleted, Assert.True);

        var left = await cluster.Client.NetworkingV1.ListNamespacedNetworkPolicyAsync(Ns);
        Assert.Equal(Enumerable.Range(Policies / 2, Policies / 2).Select(i => $"p-{i:D2}"), left.Items.Select(p => p.Name()).Order());
        Assert.All(left.Items, p => Assert.Equal("8080", p.Spec.Ingress[0].Ports.Single().Port.Value));
        foreach (var tenant in tenants)
        {
            Assert.Equal([Ns], (await cluster.GetTenantAsync(tenant.Name())).Status!.Namespaces);
        }

        // A 429 said "Retry-After: 1": the retry of that write waited at least that long (lower bound only: a loaded machine is slower, never faster).
        var throttled = log.Requests.Where(r => r.Code == 429).ToList();
        Assert.Equal(faults.TooManyRequests, throttled.Count);
        foreach (var answer in throttled)
        {
            var retry = log.About(answer.Verb, answer.Name!).Where(r => r.Path == answer.Path && r.Sent > answer.Answered).OrderBy(r => r.Sent).First();
            Assert.True(retry.Sent - answer.Answered >= TimeSpan.FromMilliseconds(990), $"the retry of {answer.Verb} {answer.Name} came {retry.Sent - answer.Answered} after its 429");
        }
    }

    [Fact]
    public async Task StaleResourceVersion_Is409AndThrowsApiConflictException_WithoutARetryOrAnOverwrite()
    {
        await using var cluster = await LocalCluster.StartAsync();
        await cluster.CreateNamespaceAsync(Ns);
        using var writer = new KubernetesWriter(cluster.NewClient(new RuntimeMetrics()), FastRetries);
        var mine = await writer.CreateAsync(TestObjects.Policy(Ns, "web"), default);
        var theirs = await cluster.ChangePolicyAsync(Ns, "web");
        cluster.Server.Counters.Reset();

        mine.Spec.Ingress[0].Ports = [new V1NetworkPolicyPort { Protocol = "UDP", Port = 53 }];
        var update = await Assert.ThrowsAsync<ApiConflictException>(() => writer.ReplaceAsync(mine, default));
        var delete = await Assert.ThrowsAsync<ApiConflictException>(() => writer.DeleteAsync<V1NetworkPolicy>(Ns, "web",
            new V1Preconditions { Uid = mine.Uid(), ResourceVersion = mine.ResourceVersion() }, default));
        var create = await Assert.ThrowsAsync<ApiConflictException>(() => writer.CreateAsync(TestObjects.Policy(Ns, "web"), default));

        Assert.Equal(HttpStatusCode.Conflict, update.StatusCode);
        Assert.Equal("Conflict", update.Reason);
        Assert.False(update.AlreadyExists);
        Assert.Equal(HttpStatusCode.Conflict, delete.StatusCode);
        Assert.True(create.AlreadyExists);
        Assert.Equal(1, cluster.Server.Counters.Count("update", "networkpolicies", 409));
        Assert.Equal(1, cluster.Server.Counters.Count("delete", "networkpolicies", 409));
        Assert.Equal(1, cluster.Server.Counters.Count("create", "networkpolicies", 409));
        Assert.Equal(3, cluster.Server.Counters.Writes());

        // Their change stands; the writer neither overwrote nor deleted it.
        var stored = await cluster.Client.NetworkingV1.ReadNamespacedNetworkPolicyAsync("web", Ns);
        Assert.Equal(theirs.ResourceVersion(), stored.ResourceVersion());
        Assert.Equal("TCP", stored.Spec.Ingress[0].Ports.Single().Protocol);
    }

    [Fact]
    public async Task InvalidAndMissing_Are422And404_SentOnceWithoutRetries()
    {
        await using var cluster = await LocalCluster.StartAsync();
        await cluster.InstallTenantCrdAsync();
        await cluster.CreateNamespaceAsync(Ns);
        using var writer = new KubernetesWriter(cluster.NewClient(new RuntimeMetrics()), FastRetries);
        cluster.Server.Counters.Reset();

        var invalid = await Assert.ThrowsAsync<KubernetesApiException>(() => writer.CreateAsync(TestObjects.Policy(Ns, "Not_A_DNS_Name"), default));
        var absent = TestObjects.Policy(Ns, "absent");
        absent.Metadata.ResourceVersion = "1";
        var missingReplace = await Assert.ThrowsAsync<KubernetesApiException>(() => writer.ReplaceAsync(absent, default));
        var missingNamespace = await Assert.ThrowsAsync<KubernetesApiException>(() => writer.CreateAsync(TestObjects.Policy("no-such-namespace", "p"), default));
        var missingTenant = await Assert.ThrowsAsync<KubernetesApiException>(() =>
            writer.ReplaceClusterCustomResourceStatusAsync(new TenantIsolation { Metadata = new V1ObjectMeta { Name = "absent", ResourceVersion = "1" } }, default));
        var alreadyGone = await writer.DeleteAsync<V1NetworkPolicy>(Ns, "absent", preconditions: null, default);

        Assert.Equal((HttpStatusCode)422, invalid.StatusCode);
        Assert.Contains("Not_A_DNS_Name", invalid.Message, StringComparison.Ordinal);
        Assert.True(missingReplace.IsNotFound);
        Assert.True(missingNamespace.IsNotFound);
        Assert.True(missingTenant.IsNotFound);
        Assert.False(alreadyGone);
        Assert.Equal(1, cluster.Server.Counters.Count("create", "networkpolicies", 422));
        Assert.Equal(1, cluster.Server.Counters.Count("update", "networkpolicies", 404));
        Assert.Equal(1, cluster.Server.Counters.Count("create", "networkpolicies", 404));
        Assert.Equal(1, cluster.Server.Counters.Count("update", "tenantisolations/status", 404));
        Assert.Equal(1, cluster.Server.Counters.Count("delete", "networkpolicies", 404));
        Assert.Equal(5, cluster.Server.Counters.Writes());
    }

    [Fact]
    public async Task WriteBudget_LetsTheBurstThrough_ThenGrantsQpsPerSecond_AsTheServerCounts()
    {
        await using var cluster = await LocalCluster.StartAsync();
        await cluster.CreateNamespaceAsync(Ns);
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        using var writer = new KubernetesWriter(cluster.NewClient(new RuntimeMetrics()), new KubernetesWriterOptions { Qps = 10, Burst = 5 }, time);
        cluster.Server.Counters.Reset();

        var writes = Enumerable.Range(0, 30).Select(i => writer.CreateAsync(TestObjects.Policy(Ns, $"p-{i:D2}"), default)).ToArray();
        await AssertGranted(5, 25);

        // The fake clock is the budget's only source of tokens: 10 per second after the burst.
        time.Advance(TimeSpan.FromSeconds(1));
        await AssertGranted(15, 15);
        time.Advance(TimeSpan.FromMilliseconds(500));
        await AssertGranted(20, 10);
        time.Advance(TimeSpan.FromSeconds(1));
        await AssertGranted(30, 0);
        await Task.WhenAll(writes);

        var created = await cluster.Client.NetworkingV1.ListNamespacedNetworkPolicyAsync(Ns);
        Assert.Equal(30, created.Items.Count);

        async Task AssertGranted(int sent, int waiting)
        {
            await Eventually.True(() => cluster.Server.Counters.Count("create", "networkpolicies", 201) == sent && writer.Budget.Waiting == waiting,
                $"{sent} creates at the server and {waiting} waiting (now {cluster.Server.Counters.Count("create", "networkpolicies")} and {writer.Budget.Waiting})");
            await Eventually.True(() => writes.Count(w => w.IsCompletedSuccessfully) == sent, $"{sent} writes completed");
        }
    }

    [Fact]
    public async Task AWriteQueuedForTheBudgetLongerThanTheAttemptTimeout_IsNotTimedOutOrRequeued()
    {
        await using var cluster = await LocalCluster.StartAsync();
        await cluster.CreateNamespaceAsync(Ns);
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var options = new KubernetesWriterOptions { Qps = 1, Burst = 1, AttemptTimeout = TimeSpan.FromSeconds(2), MaxRetries = 1 };
        var log = new LogLines();
        using var writer = new KubernetesWriter(cluster.NewClient(new RuntimeMetrics()), options, time, log);
        cluster.Server.Counters.Reset();

        // Eight writes at one per second: the last waits seven seconds for its token, far past the 2 s attempt timeout.
        // The clock moves only once the granted write has its answer: no attempt is ever in flight while time passes.
        var writes = Enumerable.Range(0, 8).Select(i => writer.CreateAsync(TestObjects.Policy(Ns, $"q-{i}"), default)).ToArray();
        for (var second = 1; second <= 8; second++)
        {
            await Eventually.True(() => (cluster.Server.Counters.Count("create", "networkpolicies", 201) == second && writes.Count(w => w.IsCompleted) == second) || log.Lines.Count > 0,
                $"write {second} landed and was answered");
            Assert.Empty(log.Lines);
            time.Advance(TimeSpan.FromSeconds(1));
        }

        await Task.WhenAll(writes);
        Assert.Equal(8, cluster.Server.Counters.Count("create", "networkpolicies"));
        Assert.Empty(log.Lines);
    }

    private static async Task<T[]> InParallel<T>(int count, Func<int, Task<T>> write)
    {
        var results = new T[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) => results[i] = await write(i));
        return results;
    }
}
