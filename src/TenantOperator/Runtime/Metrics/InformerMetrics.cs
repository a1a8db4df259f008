using Prometheus;
using TenantOperator.Runtime.Informers;

namespace TenantOperator.Runtime.Metrics;

/// <summary>Informer lists, watch restarts by reason, and cache sizes (label <c>resource</c>).</summary>
public sealed class InformerMetrics : IInformerObserver
{
    private readonly Counter _lists;
    private readonly Counter _watchEnds;
    private readonly Gauge _cached;

    internal InformerMetrics(IMetricFactory factory)
    {
        _lists = factory.CreateCounter("tenant_operator_informer_lists_total", "Full lists made by an informer (the first, and each after a 410).", ["resource"]);
        _watchEnds = factory.CreateCounter("tenant_operator_informer_watch_ends_total", "Watches that ended, by reason (closed, expired, error).", ["resource", "reason"]);
        _cached = factory.CreateGauge("tenant_operator_informer_cached_objects", "Objects in an informer's cache.", ["resource"]);
    }

    /// <inheritdoc />
    public void Listed(string resource, int items) => _lists.WithLabels(resource).Inc();

    /// <inheritdoc />
    public void WatchEnded(string resource, string reason) => _watchEnds.WithLabels(resource, reason).Inc();

    /// <inheritdoc />
    public void CacheSize(string resource, int objects) => _cached.WithLabels(resource).Set(objects);
}
