using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TenantOperator.LocalApiServer.Authentication;
using TenantOperator.LocalApiServer.Authorization;
using TenantOperator.LocalApiServer.Controllers;
using TenantOperator.LocalApiServer.Discovery;
using TenantOperator.LocalApiServer.Faults;
using TenantOperator.LocalApiServer.Http;
using TenantOperator.LocalApiServer.Metrics;
using TenantOperator.LocalApiServer.Objects;
using TenantOperator.LocalApiServer.Persistence;
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

    private const string Namespaces = "namespaces";
    private readonly WebApplication _app;
    private readonly ClusterControllers _controllers;
    private readonly ObjectStore _store;
    private readonly StorePersistence? _persistence;
    private readonly Access _access;
    private bool _stopped;

    private LocalKubernetesApiServer(WebApplication app, ClusterControllers controllers, ObjectStore store, StorePersistence? persistence, FaultInjector faults, RequestCounters counters, Access access, Uri baseAddress)
    {
        _app = app;
        _controllers = controllers;
        _store = store;
        _persistence = persistence;
        _access = access;
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

    /// <summary>The full path of the data directory the server keeps its objects in, or null when it keeps them in memory only.</summary>
    public string? DataDirectory => _persistence?.DirectoryPath;

    /// <summary>The data directory's persistence, for tests and measurements; null in memory.</summary>
    internal StorePersistence? Persistence => _persistence;

    /// <summary>A kubeconfig (context <c>local</c>, namespace <c>default</c>) pointing at this server, with the admin's
    /// bearer token (<see cref="AdminToken"/>).</summary>
    public string Kubeconfig => KubeconfigWithToken(UserInfo.AdminName, AdminToken);

    /// <summary>
    /// The bearer token of the cluster admin (<c>kubernetes-admin</c>, in <c>system:masters</c>, as kubeadm's admin).
    /// New on every start, or kept in the data directory when there is one.
    /// </summary>
    public string AdminToken => _access.Credentials.AdminToken;

    /// <summary>What authorization decided: denials, and the RBAC rules requests used.</summary>
    public AuthorizationLog Authorization => _access.Log;

    /// <summary>How requests are authorized.</summary>
    public AuthorizationMode AuthorizationMode => _access.Mode;

    /// <summary>A kubeconfig like <see cref="Kubeconfig"/> whose user <paramref name="userName"/> presents
    /// <paramref name="token"/> (a ServiceAccount token from the TokenRequest API, say).</summary>
    public string KubeconfigWithToken(string userName, string token) =>
        LocalApiServer.Kubeconfig.For(BaseAddress, _access.Credentials.Certificates.AuthorityPem, userName, token);

    /// <summary>The certificate authority the server's TLS certificate is signed by (what the kubeconfig trusts).</summary>
    public X509Certificate2 CertificateAuthority => _access.Credentials.Certificates.Authority;

    /// <summary>An HTTP handler that trusts this server's certificate, for clients that do not read the kubeconfig.</summary>
    public SocketsHttpHandler CreateHttpHandler()
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.CertificateChainPolicy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
            CustomTrustStore = { CertificateAuthority },
        };
        return handler;
    }

    /// <summary>
    /// Starts a server: loads its data directory when it has one, creates the initial namespaces that are
    /// missing, and begins serving. A damaged data directory fails the start with a
    /// <see cref="DataDirectoryCorruptException"/> naming the file and offset.
    /// </summary>
    public static async Task<LocalKubernetesApiServer> StartAsync(LocalApiServerOptions? options = null, CancellationToken cancellation = default)
    {
        options ??= new LocalApiServerOptions();
        if (options.DataDirectory is { } path && string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException($"DataDirectory \"{path}\" is blank: name a directory, or leave it null to keep objects in memory only", nameof(options));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.JournalCompactionBytes, $"{nameof(options)}.{nameof(options.JournalCompactionBytes)}");
        options.KubernetesVersion.EnsureSupported();
        var loggerFactory = options.LoggerFactory ?? NullLoggerFactory.Instance;
        var logger = loggerFactory.CreateLogger<LocalKubernetesApiServer>();
        var store = new ObjectStore(options.WatchHistorySize);
        var diskFaults = new DiskFaults(options.TimeProvider);
        var persistence = options.DataDirectory is { } dataDirectory
            ? StorePersistence.Open(dataDirectory, store, options.JournalCompactionBytes, diskFaults, logger)
            : null;
        try
        {
            return await StartServingAsync(options, store, persistence, new FaultInjector(store, options.TimeProvider, diskFaults), logger, cancellation);
        }
        catch
        {
            if (persistence is not null)
            {
                await persistence.DisposeAsync();
            }

            throw;
        }
    }

    private static async Task<LocalKubernetesApiServer> StartServingAsync(LocalApiServerOptions options, ObjectStore store, StorePersistence? persistence, FaultInjector faults, ILogger logger, CancellationToken cancellation)
    {
        var durability = persistence?.Gate ?? InMemoryOnly.Instance;
        var registry = new ResourceRegistry(BuiltInResources.All) { KubernetesVersion = options.KubernetesVersion };
        var access = Access.Create(options, store, registry, persistence, durability, logger);
        var objects = new ObjectService(store, registry, options.TimeProvider, new StructuralSchemaAdmission(options.KubernetesVersion), access.Admission);
        var controllers = new ClusterControllers(objects, logger);
        var aggregator = new ClusterRoleAggregator(objects, logger);
        var counters = new RequestCounters();
        var router = new ApiRequestRouter(
            objects,
            new DiscoveryDocuments(registry),
            new OpenApiV3Documents(registry),
            new WatchStreamer(store, options.TimeProvider, options.BookmarkInterval, durability, faults),
            new TableResponder(options.TimeProvider),
            faults,
            counters,
            durability,
            options.DefaultWatchTimeout,
            logger,
            access.Filter);

        var restored = store.CaptureSnapshot().Objects;
        if (restored.Count > 0)
        {
            controllers.Resync(restored);
            PurgeUnservedResources(store, registry);
        }

        foreach (var name in InitialNamespaces.Where(n => store.Get(Namespaces, string.Empty, n) is null))
        {
            objects.Create(
                registry.Find(string.Empty, "v1", "namespaces")!,
                string.Empty,
                new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = name } },
                WriteOptions.Default);
        }

        CreateMissing(objects, registry, "clusterroles", BootstrapPolicy.ClusterRoles());
        CreateMissing(objects, registry, "clusterrolebindings", BootstrapPolicy.ClusterRoleBindings());
        aggregator.AggregateAll();
        access.Aggregator = aggregator;

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Parse(options.BindAddress), options.Port, listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                listen.UseHttps(access.Credentials.Certificates.Serving);
                // After TLS, so the filter sees the HTTP bytes Kestrel writes, not the encrypted stream.
                StatusBodyForRejections.Install(listen);
            });
            kestrel.Limits.MaxRequestLineSize = ServerLimits.MaxRequestHeadBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = ServerLimits.MaxRequestHeadBytes;
            kestrel.Limits.MaxRequestHeaderCount = ServerLimits.MaxRequestHeaderCount;
            kestrel.Limits.MaxRequestBufferSize = 2L * ServerLimits.MaxRequestHeadBytes;
            // The handlers stop reading at kube-apiserver's 3 MiB and answer 413 with a Status.
            kestrel.Limits.MaxRequestBodySize = null;
        });
        var app = builder.Build();
        app.Run(router.HandleAsync);
        controllers.Start();
        aggregator.Start();
        await app.StartAsync(cancellation);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var baseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");
        logger.LogInformation("local Kubernetes API server listening on {Address}", baseAddress);
        return new LocalKubernetesApiServer(app, controllers, store, persistence, faults, counters, access, baseAddress);
    }

    // The default RBAC objects a cluster has; those a data directory already holds are kept as they are.
    private static void CreateMissing(ObjectService objects, ResourceRegistry registry, string resource, IEnumerable<JsonObject> defaults)
    {
        var definition = registry.Find(RbacPolicy.Group, "v1", resource)!;
        foreach (var obj in defaults.Where(o => objects.Store.Get(definition.StorageKey, string.Empty, ObjectMeta.Name(o)) is null))
        {
            objects.Create(definition, string.Empty, obj, WriteOptions.Default);
        }
    }

    // Objects left of a CRD that went while the server was down (it stopped before dropping them).
    private static void PurgeUnservedResources(ObjectStore store, ResourceRegistry registry)
    {
        foreach (var storageKey in store.StorageKeys.Where(k => !registry.ByStorageKey(k).Any()))
        {
            store.Purge(storageKey);
        }
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
        await _access.DisposeAsync();
        if (_persistence is not null)
        {
            // Last: the controllers' final writes are journalled, then the directory is unlocked.
            await _persistence.DisposeAsync();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _app.DisposeAsync();
    }
}
