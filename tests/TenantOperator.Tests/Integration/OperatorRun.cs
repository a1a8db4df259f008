using k8s;
using Microsoft.Extensions.Logging.Abstractions;
using TenantOperator.Controller;
using TenantOperator.Hosting;

namespace TenantOperator.Tests.Integration;

/// <summary>One operator instance running in the test process, stoppable gracefully (SIGTERM) or abruptly.</summary>
internal sealed class OperatorRun : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private bool _stopped;

    private OperatorRun(TenantOperatorInstance instance, string identity)
    {
        Instance = instance;
        Identity = identity;
        Task = Task.Run(() => instance.RunAsync(_stop.Token));
    }

    public TenantOperatorInstance Instance { get; }

    public string Identity { get; }

    public Task Task { get; }

    public static OperatorRun Start(KubernetesClientConfiguration configuration, OperatorOptions options) =>
        new(new TenantOperatorInstance(configuration, options, TimeProvider.System, NullLoggerFactory.Instance), options.Identity);

    /// <summary>Stops as SIGTERM does and waits until the instance has finished.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        await _stop.CancelAsync();
        await Task.WaitAsync(OperatorTestCluster.Deadline);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Instance.Dispose();
        _stop.Dispose();
    }
}
