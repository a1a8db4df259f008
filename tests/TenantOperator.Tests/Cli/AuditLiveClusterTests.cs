using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using Microsoft.Extensions.Logging.Abstractions;
using TenantOperator.Manifests;
using TenantOperator.Hosting;
using TenantOperator.LocalApiServer.Faults;

namespace TenantOperator.Tests.Cli;

/// <summary>
/// <c>audit --kubeconfig</c> against the embedded local API server over real HTTP with the real KubernetesClient:
/// the samples' tenants and the example's pods and hand-written policy created through the API, read back read-only.
/// </summary>
public sealed class AuditLiveClusterTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("audit-live-").FullName;
    private LocalCluster _cluster = null!;

    private string Kubeconfig => _cluster.KubeconfigPath;

    public async Task InitializeAsync()
    {
        _cluster = await LocalCluster.StartAsync(0, Path.Combine(_directory, "kubeconfig"), "tenant-operator-system",
            RepositoryPaths.Of("config", "samples"), dataDirectory: null, NullLoggerFactory.Instance, CancellationToken.None);
        using var client = new Kubernetes(_cluster.ClientConfiguration);
        var example = ClusterManifests.Load([RepositoryPaths.Of("examples")]);
        Assert.Empty(example.Errors);
        foreach (var ns in example.Namespaces)
        {
            await CreateIfMissing(() => client.CoreV1.CreateNamespaceAsync(ns));
        }

        foreach (var pod in example.Pods)
        {
            var status = pod.Status;
            var created = await client.CoreV1.CreateNamespacedPodAsync(pod, pod.Metadata.NamespaceProperty);
            created.Status = status; // a create resets status, as kube-apiserver does; the kubelet would report the IP
            await client.CoreV1.ReplaceNamespacedPodStatusAsync(created, created.Metadata.Name, created.Metadata.NamespaceProperty);
        }

        foreach (var policy in example.Policies)
        {
            await client.NetworkingV1.CreateNamespacedNetworkPolicyAsync(policy, policy.Metadata.NamespaceProperty);
        }
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task LiveCluster_IsAuditedLikeTheSameManifests()
    {
        var live = await CliRun.Of("audit", "--kubeconfig", Kubeconfig, "--plan", "-o", "json");
        var files = await CliRun.Of("audit", "-f", RepositoryPaths.Of("config", "samples"), "-f", RepositoryPaths.Of("examples"), "--plan", "-o", "json");

        Assert.Equal(3, live.ExitCode);
        var liveBreaches = JsonNode.Parse(live.Output)!["breaches"]!.ToJsonString();
        Assert.Equal(JsonNode.Parse(files.Output)!["breaches"]!.ToJsonString(), liveBreaches);
        Assert.Contains("payments/allow-scrape", liveBreaches);
    }

    [Fact]
    public async Task WithoutTheOperatorRunning_TheTenantsAreNotIsolated_AndTheAuditSaysSo()
    {
        var run = await CliRun.Of("audit", "--kubeconfig", Kubeconfig);

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("warning: tenant payments: none of its 10 planned policies is in the input, so its namespaces are audited without them; pass --plan to audit the policies the operator would write", run.ErrorLines);
    }

    [Fact]
    public async Task ListsAreRetried_WhenTheServerFailsForAWhile()
    {
        _cluster.Server.Faults.FailNext("list", "pods", 2, FaultKind.InternalError);
        _cluster.Server.Faults.FailNext("list", "networkpolicies", 1, FaultKind.TooManyRequests, TimeSpan.Zero);

        var run = await CliRun.Of("audit", "--kubeconfig", Kubeconfig, "--plan");

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("BREACHES: 4 connection(s)", run.Output);
    }

    [Fact]
    public async Task Explain_ReadsTheLiveClusterToo()
    {
        var run = await CliRun.Of("explain", "--kubeconfig", Kubeconfig, "--plan", "--from", "monitoring/prometheus-0", "--to", "payments/payments-api-0", "--port", "8443");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("opened by: ingress at payments/payments-api-0: payments/allow-scrape ingress[0]", run.Output);
    }

    [Fact]
    public async Task AnUnreachableCluster_ExitsOneWithAClearError()
    {
        var kubeconfig = Path.Combine(_directory, "unreachable");
        await File.WriteAllTextAsync(kubeconfig, (await File.ReadAllTextAsync(Kubeconfig)).Replace($":{_cluster.BaseAddress.Port}", ":1", StringComparison.Ordinal));

        var run = await CliRun.Of("audit", "--kubeconfig", kubeconfig);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(run.ErrorLines, l => l.StartsWith("error: cannot list namespaces: ", StringComparison.Ordinal) && l.EndsWith($"(kubeconfig {kubeconfig})", StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", run.Error);
    }

    private static async Task CreateIfMissing<T>(Func<Task<T>> create)
    {
        try
        {
            await create();
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            // kube-system exists in every cluster
        }
    }
}
