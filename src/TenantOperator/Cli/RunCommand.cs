using System.CommandLine;
using System.Globalization;
using k8s;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TenantOperator.Controller;
using TenantOperator.Hosting;

namespace TenantOperator.Cli;

/// <summary><c>tenant-operator run</c>: the operator, against a cluster or the embedded local API server.</summary>
internal sealed class RunCommand : Command
{
    private readonly Option<string?> _kubeconfig = new("--kubeconfig") { Description = "A kubeconfig file. Default: in-cluster config, else $KUBECONFIG, else ~/.kube/config." };
    private readonly Option<bool> _local = new("--local") { Description = "Start the embedded LocalApiServer in-process, install the CRD, and run against it." };
    private readonly Option<int> _port = new("--port") { Description = "With --local: the port of the local API server.", DefaultValueFactory = _ => 6443 };
    private readonly Option<bool> _withSamples = new("--with-samples") { Description = "With --local: apply the samples (see --samples)." };
    private readonly Option<string> _samples = new("--samples") { Description = "With --with-samples: the samples directory.", DefaultValueFactory = _ => Path.Combine("config", "samples") };
    private readonly Option<string?> _dataDir = new("--data-dir") { Description = "With --local: keep the local API server's objects across restarts in this directory." };
    private readonly Option<string> _kubeconfigOut = new("--kubeconfig-out") { Description = "With --local: where to write the kubeconfig for kubectl.", DefaultValueFactory = _ => Path.Combine(".local", "kubeconfig") };
    private readonly Option<string?> _namespace = new("--namespace") { Description = "The operator's namespace: protected, and where the leader-election Lease lives. Env: TENANT_OPERATOR_NAMESPACE." };
    private readonly Option<string?> _identity = new("--identity") { Description = "This instance's leader-election identity. Env: TENANT_OPERATOR_POD_NAME." };
    private readonly Option<int?> _workers = new("--workers") { Description = "Concurrent reconciles (default 2)." };
    private readonly Option<bool?> _leaderElect = new("--leader-elect") { Description = "Elect a leader on a Lease (default true)." };
    private readonly Option<string?> _leaseDuration = new("--lease-duration") { Description = "Lease duration (default 15s)." };
    private readonly Option<string?> _renewDeadline = new("--renew-deadline") { Description = "Renew deadline (default 10s)." };
    private readonly Option<string?> _retryPeriod = new("--retry-period") { Description = "Retry period (default 2s)." };
    private readonly Option<double?> _writeQps = new("--write-qps") { Description = "Client-side write budget in writes per second (default 100)." };
    private readonly Option<string?> _resync = new("--resync-period") { Description = "Reconcile every tenant this often even without changes; 0 disables (default 10m)." };
    private readonly Option<string?> _cacheUnhealthyAfter = new("--cache-unhealthy-after") { Description = "How long a cache's lists and watches may keep failing before /readyz fails and tenants say Ready Unknown (default 1m)." };
    private readonly Option<string?> _metrics = new("--metrics-address") { Description = "Where /healthz, /readyz and /metrics are served (default http://0.0.0.0:8080; empty disables)." };
    private readonly Option<bool?> _debugEndpoints = new("--debug-endpoints") { Description = "Also serve POST /debug/gc at the metrics address: a forced full garbage collection and the heap after it, for leak checks (default false)." };
    private readonly Option<string[]> _protected = new("--protected-namespace") { Description = "A namespace never isolated, besides kube-system, kube-public, kube-node-lease and the operator's own; repeatable." };

    public RunCommand()
        : base("run", """
            Run the operator: watch TenantIsolations, Namespaces and NetworkPolicies, keep every tenant's policies as
            planned, and report status, events and metrics. Settings come from flags, then the environment
            (TENANT_OPERATOR_<SETTING>, e.g. TENANT_OPERATOR_WORKERS=4), then appsettings.json. SIGTERM stops taking
            work, finishes in-flight writes, releases the lease and exits 0.

            Examples:
              tenant-operator run --local --with-samples          # everything on this machine, with the samples
              tenant-operator run --kubeconfig ~/.kube/config     # against a cluster
              tenant-operator run --leader-elect=false --workers 4
            """)
    {
        foreach (var option in new Option[] { _kubeconfig, _local, _port, _dataDir, _withSamples, _samples, _kubeconfigOut, _namespace, _identity, _workers, _leaderElect, _leaseDuration, _renewDeadline, _retryPeriod, _writeQps, _resync, _cacheUnhealthyAfter, _metrics, _debugEndpoints, _protected })
        {
            Options.Add(option);
        }

        foreach (var option in new[] { _leaseDuration, _renewDeadline, _retryPeriod, _resync, _cacheUnhealthyAfter })
        {
            option.Validators.Add(result =>
            {
                if (result.GetValueOrDefault<string?>() is { } text && !DurationParser.TryParse(text, out _))
                {
                    result.AddError($"{result.Option.Name}: Invalid value: \"{text}\": must be a duration such as 500ms, 15s, 2m or 1h30m");
                }
            });
        }

        _cacheUnhealthyAfter.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } text && DurationParser.TryParse(text, out var grace) && grace <= TimeSpan.Zero)
            {
                result.AddError($"{result.Option.Name}: Invalid value: \"{text}\": must be longer than 0s");
            }
        });
        SetAction(RunAsync);
    }

    private async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddEnvironmentVariables("TENANT_OPERATOR_");
        builder.Configuration.AddInMemoryCollection(Overrides(parse));
        builder.Logging.ClearProviders();
        ConfigureLogging(builder.Logging);
        var options = Bind(builder.Configuration);

        // The local server starts before the host, so it logs through a factory of its own, configured alike.
        using var loggers = LoggerFactory.Create(ConfigureLogging);

        LocalCluster? local = null;
        try
        {
            KubernetesClientConfiguration configuration;
            if (parse.GetValue(_local))
            {
                local = await LocalCluster.StartAsync(parse.GetValue(_port), parse.GetValue(_kubeconfigOut)!, options.Namespace,
                    parse.GetValue(_withSamples) ? parse.GetValue(_samples) : null, parse.GetValue(_dataDir), loggers, cancellationToken, guardrails: true);
                // The operator runs as its ServiceAccount, with exactly the permissions config/rbac grants.
                configuration = local.OperatorClientConfiguration;
                PrintLocalHelp(parse.InvocationConfiguration.Output, local);
            }
            else
            {
                configuration = ClientConfiguration(parse.GetValue(_kubeconfig));
            }

            builder.Services.AddSingleton(configuration);
            builder.Services.AddSingleton(options);
            builder.Services.AddSingleton(TimeProvider.System);
            builder.Services.AddSingleton<OperatorService>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<OperatorService>());
            if (local is not null)
            {
                builder.Services.AddHostedService(sp => new LocalSummaryService(sp.GetRequiredService<OperatorService>(), local, parse.InvocationConfiguration.Output));
            }

            using var host = builder.Build();
            await host.RunAsync(cancellationToken);
            return Environment.ExitCode;
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or k8s.Exceptions.KubeConfigException or InvalidOperationException or System.Net.Http.HttpRequestException)
        {
            await parse.InvocationConfiguration.Error.WriteLineAsync($"error: {ex.Message}");
            return 1;
        }
        finally
        {
            if (local is not null)
            {
                await local.DisposeAsync();
            }
        }
    }

    private static void ConfigureLogging(ILoggingBuilder logging) =>
        logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; })
            .SetMinimumLevel(LogLevel.Information)
            .AddFilter("Microsoft", LogLevel.Warning);

    private static KubernetesClientConfiguration ClientConfiguration(string? kubeconfig) =>
        kubeconfig is null && KubernetesClientConfiguration.IsInCluster()
            ? KubernetesClientConfiguration.InClusterConfig()
            : KubeconfigFile.Load(kubeconfig ?? Environment.GetEnvironmentVariable("KUBECONFIG") ?? KubernetesClientConfiguration.KubeConfigDefaultLocation);

    /// <summary>Flags given on the command line, as configuration keys that win over the environment and appsettings.</summary>
    private Dictionary<string, string?> Overrides(ParseResult parse)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        void Set(string key, string? value)
        {
            if (value is not null)
            {
                values[key] = value;
            }
        }

        string? Duration(Option<string?> option) =>
            parse.GetValue(option) is { } text && DurationParser.TryParse(text, out var d) ? d.ToString("c", CultureInfo.InvariantCulture) : null;

        Set(nameof(OperatorOptions.Namespace), parse.GetValue(_namespace));
        Set(nameof(OperatorOptions.Identity), parse.GetValue(_identity));
        Set(nameof(OperatorOptions.Workers), parse.GetValue(_workers)?.ToString(CultureInfo.InvariantCulture));
        Set(nameof(OperatorOptions.LeaderElect), parse.GetValue(_leaderElect)?.ToString());
        Set(nameof(OperatorOptions.LeaseDuration), Duration(_leaseDuration));
        Set(nameof(OperatorOptions.RenewDeadline), Duration(_renewDeadline));
        Set(nameof(OperatorOptions.RetryPeriod), Duration(_retryPeriod));
        Set(nameof(OperatorOptions.WriteQps), parse.GetValue(_writeQps)?.ToString(CultureInfo.InvariantCulture));
        Set(nameof(OperatorOptions.ResyncPeriod), Duration(_resync));
        Set(nameof(OperatorOptions.CacheUnhealthyAfter), Duration(_cacheUnhealthyAfter));
        Set(nameof(OperatorOptions.MetricsAddress), parse.GetValue(_metrics));
        Set(nameof(OperatorOptions.DebugEndpoints), parse.GetValue(_debugEndpoints)?.ToString());
        var protectedNamespaces = parse.GetValue(_protected) ?? [];
        for (var i = 0; i < protectedNamespaces.Length; i++)
        {
            values[$"{nameof(OperatorOptions.ProtectedNamespaces)}:{i}"] = protectedNamespaces[i];
        }

        return values;
    }

    /// <summary>The options: defaults, overridden by appsettings, the environment and flags; POD_NAME is the identity in a cluster.</summary>
    private static OperatorOptions Bind(IConfiguration configuration)
    {
        var options = configuration.Get<OperatorOptions>() ?? new OperatorOptions();
        if (configuration["POD_NAME"] is { Length: > 0 } pod && configuration[nameof(OperatorOptions.Identity)] is null)
        {
            options = options with { Identity = pod };
        }

        return options;
    }

    private static void PrintLocalHelp(TextWriter output, LocalCluster local)
    {
        var kubeconfig = local.KubeconfigPath;
        output.WriteLine($"""

            Local API server: {local.BaseAddress}
            kubeconfig:       {kubeconfig}

            Look around with kubectl:
              export KUBECONFIG={kubeconfig}
              kubectl get ti
              kubectl describe ti web
              kubectl get netpol -A
              kubectl get events -n default

            The operator runs as {local.OperatorUserName}; see what config/rbac lets it do:
              kubectl auth can-i --list --as={local.OperatorUserName}

            """);
    }
}
