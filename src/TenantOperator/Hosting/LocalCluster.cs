using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using TenantOperator.Api;
using TenantOperator.Api.Schema;
using TenantOperator.Manifests;
using TenantOperator.LocalApiServer;
using TenantOperator.LocalApiServer.Authorization;

namespace TenantOperator.Hosting;

/// <summary>
/// <c>run --local</c>: the embedded LocalApiServer with the TenantIsolation CRD installed, the operator's namespace
/// created, the operator's RBAC applied from <c>config/rbac</c> (see <see cref="RbacManifests"/>), optionally the
/// samples applied, and a kubeconfig written for kubectl (the cluster admin's). The operator itself runs as its
/// ServiceAccount (<see cref="OperatorClientConfiguration"/>), so what it may do is exactly what config/rbac grants,
/// as on a cluster.
/// </summary>
public sealed class LocalCluster : IAsyncDisposable
{
    private readonly LocalKubernetesApiServer _server;
    private readonly Kubernetes _admin;
    private readonly ServiceAccountTokenSource _operatorTokens;

    private LocalCluster(LocalKubernetesApiServer server, string kubeconfigPath, V1ServiceAccount operatorAccount)
    {
        _server = server;
        KubeconfigPath = kubeconfigPath;
        OperatorAccount = operatorAccount;
        _admin = new Kubernetes(ClientConfiguration);
        _operatorTokens = new ServiceAccountTokenSource(ct => RequestOperatorTokenAsync(TimeSpan.FromHours(1), ct), TimeProvider.System);
    }

    /// <summary>Where the kubeconfig (the cluster admin's) was written.</summary>
    public string KubeconfigPath { get; }

    /// <summary>The ServiceAccount the operator runs as, from config/rbac.</summary>
    public V1ServiceAccount OperatorAccount { get; }

    /// <summary>The operator's user name, <c>system:serviceaccount:NAMESPACE:NAME</c>.</summary>
    public string OperatorUserName => $"system:serviceaccount:{OperatorAccount.Metadata.NamespaceProperty}:{OperatorAccount.Metadata.Name}";

    /// <summary>
    /// A client configuration for the operator: its ServiceAccount's token from the TokenRequest API (one hour, renewed
    /// as the kubelet renews a pod's token), so every request goes through RBAC as config/rbac grants it.
    /// </summary>
    public KubernetesClientConfiguration OperatorClientConfiguration => new()
    {
        Host = _server.BaseAddress.ToString().TrimEnd('/'),
        SslCaCerts = [_server.CertificateAuthority],
        TokenProvider = _operatorTokens,
    };

    /// <summary>The server's address.</summary>
    public Uri BaseAddress => _server.BaseAddress;

    /// <summary>The server itself: its faults and request counters are what integration tests drive and read.</summary>
    public LocalKubernetesApiServer Server => _server;

    /// <summary>A client configuration for the local server.</summary>
    public KubernetesClientConfiguration ClientConfiguration => KubernetesClientConfiguration.BuildConfigFromConfigFile(KubeconfigPath);

    /// <summary>Starts the server and prepares it for the operator; <paramref name="authorization"/>
    /// <see cref="AuthorizationMode.AlwaysAllow"/> turns RBAC off (benchmarks compare the two); <paramref name="guardrails"/>
    /// applies config/guardrails as <c>run --local</c> does (tests that play a tampering admin leave them off).</summary>
    public static async Task<LocalCluster> StartAsync(
        int port, string kubeconfigPath, string operatorNamespace, string? samples, string? dataDirectory, ILoggerFactory loggers, CancellationToken cancellationToken,
        AuthorizationMode authorization = AuthorizationMode.Rbac, bool guardrails = false)
    {
        var server = await LocalKubernetesApiServer.StartAsync(
            new LocalApiServerOptions { Port = port, LoggerFactory = loggers, DataDirectory = dataDirectory, Authorization = authorization }, cancellationToken);
        var path = server.WriteKubeconfig(kubeconfigPath);
        var rbac = RbacManifests.Load(operatorNamespace);
        var account = rbac.OfType<V1ServiceAccount>().SingleOrDefault()
            ?? throw new InvalidOperationException("config/rbac must hold exactly one ServiceAccount, the operator's.");
        var cluster = new LocalCluster(server, path, account);
        var client = cluster._admin;
        await InstallCrdAsync(client, cancellationToken);
        await CreateIfMissingAsync(() => client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = operatorNamespace } }, cancellationToken: cancellationToken));
        await new ManifestApplier(client).ApplyAsync(rbac, cancellationToken);
        if (guardrails)
        {
            await new ManifestApplier(client).ApplyAsync(GuardrailManifests.Load(operatorNamespace), cancellationToken);
        }
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

    /// <summary>A token of the operator's ServiceAccount, valid for <paramref name="lifetime"/> (at least 10 minutes).</summary>
    public async Task<(string Token, DateTimeOffset Expiry)> RequestOperatorTokenAsync(TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var request = new Authenticationv1TokenRequest { Spec = new V1TokenRequestSpec { ExpirationSeconds = (long)lifetime.TotalSeconds } };
        var issued = await _admin.CoreV1.CreateNamespacedServiceAccountTokenAsync(
            request, OperatorAccount.Metadata.Name, OperatorAccount.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
        var expiry = issued.Status.ExpirationTimestamp ?? throw new InvalidOperationException("The TokenRequest answer has no expirationTimestamp.");
        return (issued.Status.Token, new DateTimeOffset(DateTime.SpecifyKind(expiry, DateTimeKind.Utc)));
    }

    /// <summary>Writes a kubeconfig for the operator's ServiceAccount with a token valid for <paramref name="lifetime"/>
    /// (for an operator in another process, which cannot renew it); returns the full path.</summary>
    public async Task<string> WriteOperatorKubeconfigAsync(string path, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var (token, _) = await RequestOperatorTokenAsync(lifetime, cancellationToken);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        await File.WriteAllTextAsync(full, _server.KubeconfigWithToken(OperatorUserName, token), cancellationToken);
        return full;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _admin.Dispose();
        _operatorTokens.Dispose();
        await _server.DisposeAsync();
    }
}
