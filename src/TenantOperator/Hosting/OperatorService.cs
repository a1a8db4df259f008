using k8s;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TenantOperator.Controller;

namespace TenantOperator.Hosting;

/// <summary>
/// The operator as a hosted service: one <see cref="TenantOperatorInstance"/> and its health server. On SIGTERM the
/// host cancels it, and the instance stops taking work, finishes in-flight writes and releases its lease; the
/// process then exits 0.
/// </summary>
public sealed class OperatorService(
    KubernetesClientConfiguration configuration,
    OperatorOptions options,
    TimeProvider time,
    ILoggerFactory loggers,
    IHostApplicationLifetime lifetime) : BackgroundService
{
    private readonly ILogger _logger = loggers.CreateLogger<OperatorService>();

    /// <summary>The running instance, once started.</summary>
    public TenantOperatorInstance? Instance { get; private set; }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var instance = new TenantOperatorInstance(configuration, options, time, loggers);
        Instance = instance;
        await using var health = options.MetricsAddress.Length == 0 ? null : await HealthServer.StartAsync(options.MetricsAddress, instance, loggers, stoppingToken, options.DebugEndpoints);
        if (health is not null)
        {
            _logger.LogInformation("Serving /healthz, /readyz and /metrics at {Address}", health.Address);
        }

        _logger.LogInformation("Operator {Identity} starting against {Server} (leader election {LeaderElect}, {Workers} workers)",
            options.Identity, configuration.Host, options.LeaderElect ? "on" : "off", options.Workers);
        try
        {
            await instance.RunAsync(stoppingToken);
        }
#pragma warning disable CA1031 // A crash of the operator is logged and stops the host with a failure exit code.
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            _logger.LogCritical(ex, "The operator failed");
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
    }
}
