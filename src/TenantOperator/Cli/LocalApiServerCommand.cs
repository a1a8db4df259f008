using System.CommandLine;
using Microsoft.Extensions.Logging;
using TenantOperator.LocalApiServer;
using TenantOperator.LocalApiServer.Authorization;

namespace TenantOperator.Cli;

/// <summary><c>tenant-operator local-apiserver</c>: the in-memory Kubernetes API server, standalone.</summary>
internal sealed class LocalApiServerCommand : Command
{
    private readonly Option<int> _port = new("--port") { Description = "The port to listen on (127.0.0.1); 0 picks a free one.", DefaultValueFactory = _ => 6443 };
    private readonly Option<string> _kubeconfigOut = new("--kubeconfig-out") { Description = "Where to write a kubeconfig for kubectl and the operator.", DefaultValueFactory = _ => Path.Combine(".local", "kubeconfig") };
    private readonly Option<string?> _dataDir = new("--data-dir") { Description = "Keep objects across restarts in this directory (snapshot + journal; a write is acknowledged once it is on disk). Default: memory only." };
    private readonly Option<string> _authorizationMode = new("--authorization-mode")
    {
        Description = "RBAC (default): requests are authorized as on a cluster. AlwaysAllow: every authenticated or anonymous request is allowed.",
        DefaultValueFactory = _ => "RBAC",
    };

    public LocalApiServerCommand()
        : base("local-apiserver", """
            Start the in-memory Kubernetes API server that `run --local` and the integration tests use, on its own,
            and write a kubeconfig for it (the cluster admin's token, over HTTPS with the server's own CA). kubectl and
            KubernetesClient talk to it as to a cluster (discovery, CRUD, watch, patch, CRDs with schema validation,
            garbage collection, server-side tables, ServiceAccount tokens, RBAC); it runs no pods.
            Ctrl+C stops it. Its objects live in memory, or with --data-dir on disk as well, surviving restarts.

            Examples:
              tenant-operator local-apiserver --port 6443 --kubeconfig-out /tmp/local.kubeconfig
              tenant-operator local-apiserver --data-dir .local/data
              KUBECONFIG=/tmp/local.kubeconfig kubectl get ns
              KUBECONFIG=/tmp/local.kubeconfig kubectl create serviceaccount robot && KUBECONFIG=/tmp/local.kubeconfig kubectl create token robot
              tenant-operator crd | KUBECONFIG=/tmp/local.kubeconfig kubectl apply -f -
            """)
    {
        Options.Add(_port);
        Options.Add(_kubeconfigOut);
        Options.Add(_dataDir);
        Options.Add(_authorizationMode);
        _authorizationMode.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { } mode && mode is not ("RBAC" or "AlwaysAllow"))
            {
                result.AddError($"--authorization-mode: Unsupported value: \"{mode}\": supported values: \"RBAC\", \"AlwaysAllow\"");
            }
        });
        SetAction(RunAsync);
    }

    private async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        using var loggers = LoggerFactory.Create(l => l.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; }).AddFilter("Microsoft", LogLevel.Warning));
        LocalKubernetesApiServer server;
        try
        {
            server = await LocalKubernetesApiServer.StartAsync(
                new LocalApiServerOptions
                {
                    Port = parse.GetValue(_port),
                    LoggerFactory = loggers,
                    DataDirectory = parse.GetValue(_dataDir),
                    Authorization = parse.GetValue(_authorizationMode) == "AlwaysAllow" ? AuthorizationMode.AlwaysAllow : AuthorizationMode.Rbac,
                },
                cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or ArgumentException)
        {
            // A port in use, a data directory in use or damaged (DataDirectoryCorruptException is an IOException),
            // a bad option: one line, no stack trace.
            await parse.InvocationConfiguration.Error.WriteLineAsync($"error: {ex.Message}");
            return 1;
        }

        await using (server)
        {
            var path = server.WriteKubeconfig(parse.GetValue(_kubeconfigOut)!);
            var output = parse.InvocationConfiguration.Output;
            await output.WriteLineAsync($"Local Kubernetes API server listening on {server.BaseAddress}");
            await output.WriteLineAsync($"kubeconfig: {path}");
            await output.WriteLineAsync($"Try: KUBECONFIG={path} kubectl get namespaces");
            await output.FlushAsync(cancellationToken);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C or SIGTERM: stop serving and exit 0.
            }
        }

        return 0;
    }
}
