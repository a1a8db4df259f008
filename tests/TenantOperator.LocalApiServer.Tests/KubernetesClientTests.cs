using k8s;
using k8s.Autorest;
using k8s.Models;
using TenantOperator.LocalApiServer.Tests.Support;

namespace TenantOperator.LocalApiServer.Tests;

/// <summary>The real KubernetesClient (21.0.8) against the server: typed CRUD, errors, watch, custom objects.</summary>
public sealed class KubernetesClientTests : IAsyncLifetime
{
    private ApiServerHarness _h = null!;

    public async Task InitializeAsync() => _h = await ApiServerHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private static V1NetworkPolicy Policy(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "tenant-operator" } },
        Spec = new V1NetworkPolicySpec { PodSelector = new V1LabelSelector(), PolicyTypes = ["Ingress", "Egress"] },
    };

    [Fact]
    public async Task TypedCrud_RoundTrips()
    {
        await _h.Client.CoreV1.CreateNamespaceAsync(KubernetesObjects.Namespace("team-a"));
        var created = await _h.Client.NetworkingV1.CreateNamespacedNetworkPolicyAsync(Policy("deny"), "team-a");
        Assert.Equal(1, created.Metadata.Generation);
        created.Spec.PolicyTypes = ["Ingress"];
        var replaced = await _h.Client.NetworkingV1.ReplaceNamespacedNetworkPolicyAsync(created, "deny", "team-a");
        Assert.Equal(2, replaced.Metadata.Generation);
        var list = await _h.Client.NetworkingV1.ListNamespacedNetworkPolicyAsync("team-a", labelSelector: "app.kubernetes.io/managed-by=tenant-operator");
        Assert.Equal("deny", Assert.Single(list.Items).Metadata.Name);
        var status = await _h.Client.NetworkingV1.DeleteNamespacedNetworkPolicyAsync("deny", "team-a");
        Assert.Equal("Success", status.Status);
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => _h.Client.NetworkingV1.ReadNamespacedNetworkPolicyAsync("deny", "team-a"));
        Assert.Equal(404, (int)error.Response.StatusCode);
        Assert.Contains("\"reason\":\"NotFound\"", error.Response.Content);
    }

    [Fact]
    public async Task StaleReplace_IsAConflictTheClientSees()
    {
        var created = await _h.Client.NetworkingV1.CreateNamespacedNetworkPolicyAsync(Policy("p"), "default");
        created.Spec.PolicyTypes = ["Egress"];
        await _h.Client.NetworkingV1.ReplaceNamespacedNetworkPolicyAsync(created, "p", "default");
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => _h.Client.NetworkingV1.ReplaceNamespacedNetworkPolicyAsync(created, "p", "default"));
        Assert.Equal(409, (int)error.Response.StatusCode);
    }

    [Fact]
    public async Task Watch_DeliversTypedEvents()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var seen = new List<(WatchEventType, string)>();
        var watching = Task.Run(async () =>
        {
            await foreach (var (type, item) in _h.Client.NetworkingV1.WatchListNamespacedNetworkPolicyAsync("default", cancellationToken: cancel.Token))
            {
                seen.Add((type, item.Metadata.Name));
                if (seen.Count == 3)
                {
                    return;
                }
            }
        });
        await Eventually.TrueAsync(() => Task.FromResult(_h.Server.OpenWatches == 1), "watch open");
        var created = await _h.Client.NetworkingV1.CreateNamespacedNetworkPolicyAsync(Policy("w"), "default");
        await _h.Client.NetworkingV1.PatchNamespacedNetworkPolicyAsync(new V1Patch("""{"metadata":{"labels":{"x":"y"}}}""", V1Patch.PatchType.StrategicMergePatch), "w", "default");
        await _h.Client.NetworkingV1.DeleteNamespacedNetworkPolicyAsync("w", "default");
        await watching.WaitAsync(cancel.Token);
        Assert.Equal([(WatchEventType.Added, "w"), (WatchEventType.Modified, "w"), (WatchEventType.Deleted, "w")], seen);
        Assert.NotNull(created.Metadata.Uid);
    }

    [Fact]
    public async Task CustomObjects_CreateStatusAndList()
    {
        await Manifests.InstallTenantCrdAsync(_h);
        var body = System.Text.Json.JsonDocument.Parse(Manifests.Tenant("team-a")).RootElement;
        await _h.Client.CustomObjects.CreateClusterCustomObjectAsync(body, "isolation.tenantoperator.io", "v1alpha1", "tenantisolations");
        var statusPatch = new V1Patch("""{"status":{"namespaceCount":2}}""", V1Patch.PatchType.MergePatch);
        await _h.Client.CustomObjects.PatchClusterCustomObjectStatusAsync(statusPatch, "isolation.tenantoperator.io", "v1alpha1", "tenantisolations", "team-a");
        var list = (System.Text.Json.JsonElement)await _h.Client.CustomObjects.ListClusterCustomObjectAsync("isolation.tenantoperator.io", "v1alpha1", "tenantisolations");
        var item = list.GetProperty("items")[0];
        Assert.Equal(2, item.GetProperty("status").GetProperty("namespaceCount").GetInt32());
        Assert.Equal("TenantIsolationList", list.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task KubeconfigWrittenByTheServer_LoadsInKubernetesClient()
    {
        var path = _h.Server.WriteKubeconfig(Path.Combine(Path.GetTempPath(), $"las-{Guid.NewGuid():N}", "config"));
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(path);
        using var client = new Kubernetes(config);
        var namespaces = await client.CoreV1.ListNamespaceAsync();
        Assert.Contains(namespaces.Items, n => n.Metadata.Name == "kube-system");
        Assert.Equal("default", config.Namespace);
    }
}
