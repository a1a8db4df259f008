using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TenantOperator.LocalApiServer.Controllers;
using TenantOperator.LocalApiServer.Discovery;
using TenantOperator.LocalApiServer.Faults;
using TenantOperator.LocalApiServer.Http;
using TenantOperator.LocalApiServer.Metrics;
using TenantOperator.LocalApiServer.Objects;
using TenantOperator.LocalApiServer.Resources;
using TenantOperator.LocalApiServer.Storage;
using TenantOperator.LocalApiServer.Watch;

namespace TenantOperator.LocalApiServer;

/// <summary>
/// An in-memory Kubernetes API server on Kestrel, spoken to over plain HTTP by KubernetesClient and
/// kubectl. Start it with <see cref="StartAsync"/>; it serves until disposed.
/// </summary>
/// <example>
/// <code>
/// await using var server = await LocalKubernetesApiServer.StartAsync(new LocalApiServerOptions());
/// server.WriteKubeconfig("/tmp/kubeconfig");
/// server.Faults.FailNext("update", "networkpolicies", 1, FaultKind.Conflict);
/// var writes = server.Counters.Writes("networkpolicies");
/// </code>
/// </example>
public sealed class LocalKubernetesApiServer : IAsyncDisposable
{
    /// <summary>The namespaces a fresh cluster has.</summary>
    public static readonly IReadOnlyList<string> InitialNamespaces = ["default", "kube-system", "kube-public", "kube-node-lease"];

    private readonly WebApplication _app;
    private readonly ClusterControllers _controllers;
    private readonly ObjectStore _store;
    private bool _stopped;

    private LocalKubernetesApiServer(WebApplication app, ClusterControllers controllers, ObjectStore store, FaultInjector faults, RequestCounters counters, Uri baseAddress)
    {
        _app = app;
        _controllers = controllers;
        _store = store;
        Faults = faults;
        Counters = counters;
        BaseAddress = baseAddress;
    }

    /// <summary>The server's URL, e.g. <c>http://127.0.0.1:43817/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The TCP port the server listens on.</summary>
    public int Port => BaseAddress.Port;

    /// <summary>Fault injection for tests.</summary>
    public FaultInjector Faults { get; }

    /// <summary>Requests answered, by verb, resource and code.</summary>
    public RequestCounters Counters { get; }

    /// <summary>The cluster-wide resourceVersion counter's current value.</summary>
    public long ResourceVersion => _store.Revision;

    /// <summary>The number of watches open now.</summary>
    public int OpenWatches => _store.OpenWatchCount;

    /// <summary>A kubeconfig (context <c>local</c>, namespace <c>default</c>) pointing at this server.</summary>
    public string Kubeconfig => LocalApiServer.Kubeconfig.For(BaseAddress);

    /// <summary>Starts a server: binds, creates the initial namespaces and begins serving.</summary>
    public static async Task<LocalKubernetesApiServer> StartAsync(LocalApiServerOptions? options = null, CancellationToken cancellation = default)
    {
        options ??= new LocalApiServerOptions();
        var loggerFactory = options.LoggerFactory ?? NullLoggerFactory.Instance;
        var logger = loggerFactory.CreateLogger<LocalKubernetesApiServer>();
        var store = new ObjectStore(options.WatchHistorySize);
        var registry = new ResourceRegistry(BuiltInResources.All);
        var objects = new ObjectService(store, registry, options.TimeProvider, new StructuralSchemaAdmission());
        var controllers = new ClusterControllers(objects, logger);
        var faults = new FaultInjector(store, options.TimeProvider);
        var counters = new RequestCounters();
        var router = new ApiRequestRouter(
            objects,
            new DiscoveryDocuments(registry),
            new OpenApiV3Documents(registry),
            new WatchStreamer(store, options.TimeProvider, options.BookmarkInterval),
            new TableResponder(options.TimeProvider),
            faults,
            counters,
            options.DefaultWatchTimeout,
            logger);

        foreach (var name in InitialNamespaces)
        {
            objects.Create(
                registry.Find(string.Empty, "v1", "namespaces")!,
                string.Empty,
                new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = name } },
                WriteOptions.Default);
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Parse(options.BindAddress), options.Port, listen => listen.Protocols = HttpProtocols.Http1);
            kestrel.Limits.MaxRequestBodySize = 64 * 1024 * 1024;
        });
        var app = builder.Build();
        app.Run(router.HandleAsync);
        controllers.Start();
        await app.StartAsync(cancellation);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var baseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");
        logger.LogInformation("local Kubernetes API server listening on {Address}", baseAddress);
        return new LocalKubernetesApiServer(app, controllers, store, faults, counters, baseAddress);
    }

    /// <summary>Writes <see cref="Kubeconfig"/> to <paramref name="path"/> (creating its folder) and returns the full path.</summary>
    public string WriteKubeconfig(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, Kubeconfig);
        return full;
    }

    /// <summary>Stops serving: open watches end, new connections are refused.</summary>
    public async Task StopAsync(CancellationToken cancellation = default)
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        _store.DropAllWatches();
        await _app.StopAsync(cancellation);
        await _controllers.DisposeAsync();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _app.DisposeAsync();
    }
}
