using Prometheus;

namespace TenantOperator.Runtime.Metrics;

/// <summary>
/// The runtime's Prometheus metrics, all in one <see cref="CollectorRegistry"/> that belongs to this
/// instance (not prometheus-net's static default), so that tests and two operators in one process
/// do not share counters. The host serves <see cref="Registry"/> on <c>/metrics</c>.
/// </summary>
public sealed class RuntimeMetrics
{
    /// <summary>Creates the metrics in <paramref name="registry"/>, or in a new registry of their own.</summary>
    public RuntimeMetrics(CollectorRegistry? registry = null)
    {
        Registry = registry ?? Prometheus.Metrics.NewCustomRegistry();
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);

        // The process metrics prometheus-net gives its default registry (resident set, managed heap, CPU, GC counts):
        // a custom registry has to ask for them, and an operator's memory is what its users watch first.
        DotNetStats.Register(Registry);
        WorkQueue = new WorkQueueMetrics(factory);
        Reconciles = new ReconcileMetrics(factory);
        ApiRequests = new ApiRequestMetrics(factory);
        Leader = new LeaderElectionMetrics(factory);
        Informers = new InformerMetrics(factory);
    }

    /// <summary>Where all these metrics live; export it with <c>CollectAndExportAsTextAsync</c>.</summary>
    public CollectorRegistry Registry { get; }

    /// <summary>Queue depth, adds, retries and wait time.</summary>
    public WorkQueueMetrics WorkQueue { get; }

    /// <summary>Reconciles by result and their duration.</summary>
    public ReconcileMetrics Reconciles { get; }

    /// <summary>API requests by verb and code.</summary>
    public ApiRequestMetrics ApiRequests { get; }

    /// <summary>Whether this instance leads.</summary>
    public LeaderElectionMetrics Leader { get; }

    /// <summary>Lists, watch restarts and cache sizes of the informers.</summary>
    public InformerMetrics Informers { get; }

    /// <summary>The registry in Prometheus text format (what <c>/metrics</c> serves).</summary>
    public async Task<string> ExportAsTextAsync(CancellationToken cancellationToken = default)
    {
        using var stream = new MemoryStream();
        await Registry.CollectAndExportAsTextAsync(stream, cancellationToken).ConfigureAwait(false);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
