using System.Text;
using k8s;
using k8s.Autorest;
using k8s.Models;
using TenantOperator.Api;
using TenantOperator.LocalApiServer;
using TenantOperator.Runtime.Http;
using TenantOperator.Runtime.Metrics;

namespace TenantOperator.Tests.Runtime.Integration;

/// <summary>
/// One in-process LocalKubernetesApiServer on 127.0.0.1, port 0, per test, with the operator's own
/// KubernetesClient (built by <see cref="KubernetesClientFactory"/> from the server's kubeconfig) and a
/// raw HttpClient for what a test checks by hand.
/// </summary>
internal sealed class LocalCluster : IAsyncDisposable
{
    private readonly List<IDisposable> _clients = [];

    private LocalCluster(LocalKubernetesApiServer server)
    {
        Server = server;
        Metrics = new RuntimeMetrics();
        Client = NewClient(Metrics);
        Http = new HttpClient(server.CreateHttpHandler()) { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", server.AdminToken);
    }

    public LocalKubernetesApiServer Server { get; }

    /// <summary>The metrics of <see cref="Client"/> (requests by verb and code, as the operator counts them).</summary>
    public RuntimeMetrics Metrics { get; }

    /// <summary>The operator's client: real KubernetesClient, real HTTP.</summary>
    public Kubernetes Client { get; }

    /// <summary>Plain HTTP to the server, for requests a test makes the way kubectl would.</summary>
    public HttpClient Http { get; }

    public static async Task<LocalCluster> StartAsync(int watchHistorySize = 10_000, TimeSpan? bookmarkInterval = null)
    {
        var server = await LocalKubernetesApiServer.StartAsync(new LocalApiServerOptions
        {
            BindAddress = "127.0.0.1",
            Port = 0,
            WatchHistorySize = watchHistorySize,
            BookmarkInterval = bookmarkInterval ?? TimeSpan.FromMinutes(1),
        });
        return new LocalCluster(server);
    }

    /// <summary>Another operator client on the same server (another operator instance, say), from the server's kubeconfig.</summary>
    public Kubernetes NewClient(RuntimeMetrics metrics, params DelegatingHandler[] handlers)
    {
        using var kubeconfig = new MemoryStream(Encoding.UTF8.GetBytes(Server.Kubeconfig));
        var client = KubernetesClientFactory.Create(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig), metrics, handlers);
        lock (_clients)
        {
            _clients.Add(client);
        }

        return client;
    }

    /// <summary>Registers the operator's real CRD (config/crd/bases) and waits until the server serves it.</summary>
    public async Task InstallTenantCrdAsync()
    {
        var yaml = await File.ReadAllTextAsync(RepositoryPaths.Of("config", "crd", "bases", "isolation.tenantoperator.io_tenantisolations.yaml"));
        await Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(KubernetesYaml.Deserialize<V1CustomResourceDefinition>(yaml));
        await Eventually.TrueAsync(async () =>
        {
            var crd = await Client.ApiextensionsV1.ReadCustomResourceDefinitionAsync($"{TenantIsolation.Plural}.{TenantIsolation.Group}");
            return crd.Status?.Conditions?.Any(c => c.Type == "Established" && c.Status == "True") == true;
        }, "the TenantIsolation CRD is established");
    }

    public Task<V1Namespace> CreateNamespaceAsync(string name, IDictionary<string, string>? labels = null) =>
        Client.CoreV1.CreateNamespaceAsync(KubernetesObjects.Namespace(name, labels));

    public Task<V1NetworkPolicy> CreatePolicyAsync(string ns, string name, IDictionary<string, string>? labels = null) =>
        Client.NetworkingV1.CreateNamespacedNetworkPolicyAsync(TestObjects.Policy(ns, name, labels), ns);

    public Task<V1Namespace> LabelNamespaceAsync(string name, string key, string value) =>
        Client.CoreV1.PatchNamespaceAsync(new V1Patch(
            System.Text.Json.JsonSerializer.Serialize(new { metadata = new { labels = new Dictionary<string, string> { [key] = value } } }), V1Patch.PatchType.MergePatch), name);

    /// <summary>Reads the policy and replaces it with one more allowed port.</summary>
    public async Task<V1NetworkPolicy> ChangePolicyAsync(string ns, string name)
    {
        var policy = await Client.NetworkingV1.ReadNamespacedNetworkPolicyAsync(name, ns);
        policy.Spec.Ingress[0].Ports = [.. policy.Spec.Ingress[0].Ports ?? [], new V1NetworkPolicyPort { Protocol = "TCP", Port = (IntOrString)(8000 + (policy.Spec.Ingress[0].Ports?.Count ?? 0)) }];
        return await Client.NetworkingV1.ReplaceNamespacedNetworkPolicyAsync(policy, name, ns);
    }

    public Task<V1Status> DeletePolicyAsync(string ns, string name) => Client.NetworkingV1.DeleteNamespacedNetworkPolicyAsync(name, ns);

    /// <summary>Reads the tenant and replaces its member list.</summary>
    public async Task<TenantIsolation> ChangeTenantAsync(string name, params string[] namespaces)
    {
        var tenant = await GetTenantAsync(name);
        tenant.Spec.Namespaces = [.. namespaces];
        return await ReplaceTenantAsync(tenant);
    }

    public async Task<TenantIsolation> CreateTenantAsync(string name, params string[] namespaces)
    {
        var created = await Client.CustomObjects.CreateClusterCustomObjectAsync<TenantIsolation>(
            TestObjects.Tenant(name, namespaces), TenantIsolation.Group, TenantIsolation.Version, TenantIsolation.Plural);
        return created;
    }

    public Task<TenantIsolation> GetTenantAsync(string name) =>
        Client.CustomObjects.GetClusterCustomObjectAsync<TenantIsolation>(TenantIsolation.Group, TenantIsolation.Version, TenantIsolation.Plural, name);

    public Task<TenantIsolation> ReplaceTenantAsync(TenantIsolation tenant) =>
        Client.CustomObjects.ReplaceClusterCustomObjectAsync<TenantIsolation>(
            tenant, TenantIsolation.Group, TenantIsolation.Version, TenantIsolation.Plural, tenant.Metadata.Name);

    public Task DeleteTenantAsync(string name) =>
        Client.CustomObjects.DeleteClusterCustomObjectAsync(TenantIsolation.Group, TenantIsolation.Version, TenantIsolation.Plural, name);

    /// <summary>Deletes a namespace and waits until the server's namespace controller has finished it.</summary>
    public async Task DeleteNamespaceAndWaitAsync(string name)
    {
        await Client.CoreV1.DeleteNamespaceAsync(name);

        // GETs, not lists: tests count the list requests the informers make.
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                await Client.CoreV1.ReadNamespaceAsync(name);
                return false;
            }
            catch (HttpOperationException ex) when (ex.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                return true;
            }
        }, $"namespace {name} is gone");
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        lock (_clients)
        {
            foreach (var client in _clients)
            {
                client.Dispose();
            }
        }

        await Server.DisposeAsync();
    }
}
