using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using TenantOperator.Api;
using TenantOperator.Api.Schema;
using TenantOperator.Cli.Manifests;
using TenantOperator.LocalApiServer;

namespace TenantOperator.Hosting;

/// <summary>
/// <c>run --local</c>: the embedded LocalApiServer with the TenantIsolation CRD installed, the operator's namespace
/// created, optionally the samples applied, and a kubeconfig written for kubectl.
/// </summary>
public sealed class LocalCluster : IAsyncDisposable
{
    private readonly LocalKubernetesApiServer _server;

    private LocalCluster(LocalKubernetesApiServer server, string kubeconfigPath)
    {
        _server = server;
        KubeconfigPath = kubeconfigPath;
    }

    /// <summary>Where the kubeconfig was written.</summary>
    public string KubeconfigPath { get; }

    /// <summary>The server's address.</summary>
    public Uri BaseAddress => _server.BaseAddress;

    /// <summary>The server itself: its faults and request counters are what integration tests drive and read.</summary>
    public LocalKubernetesApiServer Server => _server;

    /// <summary>A client configuration for the local server.</summary>
    public KubernetesClientConfiguration ClientConfiguration => KubernetesClientConfiguration.BuildConfigFromConfigFile(KubeconfigPath);

    /// <summary>Starts the server and prepares it for the operator.</summary>
    public static async Task<LocalCluster> StartAsync(
        int port, string kubeconfigPath, string operatorNamespace, string? samples, string? dataDirectory, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var server = await LocalKubernetesApiServer.StartAsync(
            new LocalApiServerOptions { Port = port, LoggerFactory = loggers, DataDirectory = dataDirectory }, cancellationToken);
        var path = server.WriteKubeconfig(kubeconfigPath);
        var cluster = new LocalCluster(server, path);
        using var client = new Kubernetes(cluster.ClientConfiguration);
        await InstallCrdAsync(client, cancellationToken);
        await CreateIfMissingAsync(() => client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = operatorNamespace } }, cancellationToken: cancellationToken));
        if (samples is not null)
        {
            await ApplySamplesAsync(client, samples, loggers.CreateLogger<LocalCluster>(), cancellationToken);
        }

        return cluster;
    }

    private static async Task InstallCrdAsync(Kubernetes client, CancellationToken cancellationToken)
    {
        await CreateIfMissingAsync(() => client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(CrdGenerator.Generate(), cancellationToken: cancellationToken));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var crd = await client.ApiextensionsV1.ReadCustomResourceDefinitionAsync(CrdGenerator.CrdName, cancellationToken: cancellationToken);
            if (crd.Status?.Conditions?.Any(c => c.Type == "Established" && c.Status == "True") == true)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"The CRD {CrdGenerator.CrdName} was not established within 30 s.");
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    private static async Task ApplySamplesAsync(Kubernetes client, string samples, ILogger logger, CancellationToken cancellationToken)
    {
        var manifests = TenantManifests.Load([samples]);
        if (manifests.Errors.Count > 0)
        {
            throw new InvalidOperationException($"The samples in {samples} are invalid:\n{string.Join("\n", manifests.Errors)}");
        }

        foreach (var ns in manifests.Namespaces)
        {
            await CreateIfMissingAsync(() => client.CoreV1.CreateNamespaceAsync(ns, cancellationToken: cancellationToken));
        }

        foreach (var tenant in manifests.Tenants)
        {
            await CreateIfMissingAsync(() => client.CustomObjects.CreateClusterCustomObjectAsync(
                tenant, TenantIsolation.Group, TenantIsolation.Version, TenantIsolation.Plural, cancellationToken: cancellationToken));
        }

        logger.LogInformation("Applied {Namespaces} namespaces and {Tenants} TenantIsolations from {Samples}",
            manifests.Namespaces.Count, manifests.Tenants.Count, samples);
    }

    private static async Task CreateIfMissingAsync<T>(Func<Task<T>> create)
    {
        try
        {
            await create();
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.Conflict)
        {
            // Already there (a second run against the same server): keep it.
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
