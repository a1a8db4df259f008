using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using TenantOperator.LocalApiServer.Faults;
using TenantOperator.Runtime.Events;
using TenantOperator.Runtime.Metrics;
using TenantOperator.Runtime.Writes;

namespace TenantOperator.Tests.Runtime.Integration;

/// <summary>
/// The EventRecorder through the KubernetesWriter against a LocalKubernetesApiServer over HTTP: where an
/// event about a cluster-scoped TenantIsolation lands, aggregation of repeats, and finding the events
/// the way <c>kubectl describe</c> does.
/// </summary>
public sealed class EventRecorderIntegrationTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task EventAboutAClusterScopedTenant_LandsInDefault_AndARepeatRaisesTheCountOfTheSameEvent()
    {
        await using var cluster = await LocalCluster.StartAsync();
        await cluster.InstallTenantCrdAsync();
        var tenant = await cluster.CreateTenantAsync("team-a", "team-a-web");
        var time = new FakeTimeProvider(Start);
        using var writer = new KubernetesWriter(cluster.NewClient(new RuntimeMetrics()));
        var recorder = new EventRecorder(writer, new EventRecorderOptions { ReportingInstance = "operator-0" }, time);

        await recorder.RecordAsync(tenant, EventSeverity.Normal, "PoliciesApplied", "created 3 NetworkPolicies in team-a-web", default);
        time.Advance(TimeSpan.FromSeconds(30));
        await recorder.RecordAsync(tenant, EventSeverity.Normal, "PoliciesApplied", "created 3 NetworkPolicies in team-a-web", default);

        var recorded = Assert.Single((await cluster.Client.CoreV1.ListEventForAllNamespacesAsync()).Items);
        Assert.Equal("default", recorded.Namespace());
        Assert.StartsWith("team-a.", recorded.Name(), StringComparison.Ordinal);
        Assert.Equal(("isolation.tenantoperator.io/v1alpha1", "TenantIsolation", "team-a", tenant.Uid()),
            (recorded.InvolvedObject.ApiVersion, recorded.InvolvedObject.Kind, recorded.InvolvedObject.Name, recorded.InvolvedObject.Uid));
        Assert.Null(recorded.InvolvedObject.NamespaceProperty);
        Assert.Equal(("Normal", "PoliciesApplied", "created 3 NetworkPolicies in team-a-web"), (recorded.Type, recorded.Reason, recorded.Message));
        Assert.Equal(("tenant-operator", "operator-0"), (recorded.ReportingComponent, recorded.ReportingInstance));
        Assert.Equal(2, recorded.Count);
        Assert.Equal(Start.UtcDateTime, recorded.FirstTimestamp);
        Assert.Equal(Start.AddSeconds(30).UtcDateTime, recorded.LastTimestamp);
        Assert.Equal(1, cluster.Server.Counters.Count("create", "events", 201));
        Assert.Equal(1, cluster.Server.Counters.Count("patch", "events", 200));
    }

    [Fact]
    public async Task EventsOfATenant_AreFoundByInvolvedObjectUid_TheWayKubectlDescribeAsks()
    {
        await using var cluster = await LocalCluster.StartAsync();
        await cluster.InstallTenantCrdAsync();
        var teamA = await cluster.CreateTenantAsync("team-a", "team-a-web");
        var teamB = await cluster.CreateTenantAsync("team-b", "team-b-web");
        using var writer = new KubernetesWriter(cluster.NewClient(new RuntimeMetrics()));
        var recorder = new EventRecorder(writer);
        await recorder.RecordAsync(teamA, EventSeverity.Warning, "IsolationBreached", "allow-all in team-a-web opens the tenant", default);
        await recorder.RecordAsync(teamB, EventSeverity.Normal, "PoliciesApplied", "created 3 NetworkPolicies", default);

        var byUid = await GetAsync(cluster, $"/api/v1/namespaces/default/events?fieldSelector={Uri.EscapeDataString($"involvedObject.uid={teamA.Uid()}")}");
        var item = Assert.Single(byUid["items"]!.AsArray())!;
        Assert.Equal("IsolationBreached", (string?)item["reason"]);
        Assert.Equal(teamA.Uid(), (string?)item["involvedObject"]!["uid"]);

        // kubectl describe of a cluster-scoped object lists events in all namespaces by kind, name, empty namespace and uid.
        var selector = $"involvedObject.kind=TenantIsolation,involvedObject.name=team-b,involvedObject.namespace=,involvedObject.uid={teamB.Uid()}";
        var described = await GetAsync(cluster, $"/api/v1/events?fieldSelector={Uri.EscapeDataString(selector)}");
        Assert.Equal(["PoliciesApplied"], described["items"]!.AsArray().Select(e => (string?)e!["reason"]));
        var none = await GetAsync(cluster, $"/api/v1/events?fieldSelector={Uri.EscapeDataString("involvedObject.uid=no-such-uid")}");
        Assert.Empty(none["items"]!.AsArray());
    }

    [Fact]
    public async Task KubectlDescribe_ShowsTheTenantsEvents()
    {
        var kubectl = "/usr/bin/kubectl";
        Assert.True(File.Exists(kubectl), "kubectl 1.32 is expected at /usr/bin/kubectl");
        await using var cluster = await LocalCluster.StartAsync();
        await cluster.InstallTenantCrdAsync();
        var tenant = await cluster.CreateTenantAsync("team-a", "team-a-web");
        using var writer = new KubernetesWriter(cluster.NewClient(new RuntimeMetrics()));
        var recorder = new EventRecorder(writer);
        await recorder.RecordAsync(tenant, EventSeverity.Warning, "IsolationBreached", "allow-all in team-a-web opens the tenant", default);
        await recorder.RecordAsync(tenant, EventSeverity.Warning, "IsolationBreached", "allow-all in team-a-web opens the tenant", default);

        var directory = Directory.CreateTempSubdirectory("runtime-it-kubectl-").FullName;
        try
        {
            var kubeconfig = cluster.Server.WriteKubeconfig(Path.Combine(directory, "kubeconfig"));
            var info = new ProcessStartInfo(kubectl) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[] { "--kubeconfig", kubeconfig, "--cache-dir", Path.Combine(directory, "cache"), "describe", "tenantisolation", "team-a" })
            {
                info.ArgumentList.Add(arg);
            }

            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);
            var output = await stdout;

            Assert.True(process.ExitCode == 0, $"kubectl describe failed: {await stderr}");
            var events = output[output.IndexOf("Events:", StringComparison.Ordinal)..];
            Assert.Contains("Warning", events, StringComparison.Ordinal);
            Assert.Contains("IsolationBreached", events, StringComparison.Ordinal);
            Assert.Contains("allow-all in team-a-web opens the tenant", events, StringComparison.Ordinal);
            Assert.Contains("(x2 over", events, StringComparison.Ordinal);
            Assert.Contains("tenant-operator", events, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task ExpiredEvent_IsCreatedAgain_AndAFailedWriteIsSwallowed()
    {
        await using var cluster = await LocalCluster.StartAsync();
        await cluster.InstallTenantCrdAsync();
        var tenant = await cluster.CreateTenantAsync("team-a", "team-a-web");
        var log = new LogLines();
        using var writer = new KubernetesWriter(cluster.NewClient(new RuntimeMetrics()));
        var recorder = new EventRecorder(writer, logger: log);
        await recorder.RecordAsync(tenant, EventSeverity.Normal, "DriftRepaired", "restored tenant-isolation-dns in team-a-web", default);
        var first = Assert.Single((await cluster.Client.CoreV1.ListNamespacedEventAsync("default")).Items);

        // Events expire (kube-apiserver deletes them after an hour): the next repeat finds it gone and starts over.
        await cluster.Client.CoreV1.DeleteNamespacedEventAsync(first.Name(), "default");
        await recorder.RecordAsync(tenant, EventSeverity.Normal, "DriftRepaired", "restored tenant-isolation-dns in team-a-web", default);
        var second = Assert.Single((await cluster.Client.CoreV1.ListNamespacedEventAsync("default")).Items);
        Assert.NotEqual(first.Name(), second.Name());
        Assert.Equal(1, second.Count);
        Assert.Equal(1, cluster.Server.Counters.Count("patch", "events", 404));

        // The server refuses the next one (409, not retried): the recorder logs it and returns normally.
        cluster.Server.Faults.FailNext("create", "events", 1, FaultKind.Conflict);
        await recorder.RecordAsync(tenant, EventSeverity.Warning, "ApplyFailed", "could not write tenant-isolation-dns", default);
        Assert.Single((await cluster.Client.CoreV1.ListNamespacedEventAsync("default")).Items);
        Assert.Contains(log.Lines, l => l.StartsWith("Warning: Could not record event ApplyFailed", StringComparison.Ordinal));
    }

    private static async Task<JsonObject> GetAsync(LocalCluster cluster, string path)
    {
        using var response = await cluster.Http.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!.AsObject();
    }
}
