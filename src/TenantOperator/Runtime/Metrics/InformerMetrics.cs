using System.Collections.Concurrent;
using Prometheus;
using TenantOperator.Runtime.Informers;

namespace TenantOperator.Runtime.Metrics;

/// <summary>Informer lists, watch restarts by reason, undecodable events, cache sizes, health and last sync (label <c>resource</c>).</summary>
public sealed class InformerMetrics : IInformerObserver
{
    private readonly Counter _lists;
    private readonly Counter _watchEnds;
    private readonly Gauge _cached;
    private readonly Counter _undecodable;
    private readonly Gauge _lastSync;
    private readonly Gauge _healthy;

    // Informers whose health gauge has a value: it gets one at the first sync, and changes only when health flips.
    private readonly ConcurrentDictionary<string, bool> _seen = new(StringComparer.Ordinal);

    internal InformerMetrics(IMetricFactory factory)
    {
        _lists = factory.CreateCounter("tenant_operator_informer_lists_total", "Full lists made by an informer (the first, and each after a 410 or an undecodable event).", ["resource"]);
        _watchEnds = factory.CreateCounter("tenant_operator_informer_watch_ends_total", "Watches that ended, by reason (closed, expired, undecodable, error).", ["resource", "reason"]);
        _cached = factory.CreateGauge("tenant_operator_informer_cached_objects", "Objects in an informer's cache.", ["resource"]);
        _undecodable = factory.CreateCounter("tenant_operator_informer_undecodable_events_total", "Watch events an informer could not decode (each answered with a fresh list).", ["resource"]);
        _lastSync = factory.CreateGauge("tenant_operator_informer_last_sync_timestamp_seconds",
            "When an informer last heard from the API server: a completed list, or a watch event or bookmark (Unix seconds).", ["resource"]);
        _healthy = factory.CreateGauge("tenant_operator_informer_healthy",
            "1 while an informer's cache can be trusted; 0 when it missed an event or its lists and watches keep failing.", ["resource"]);
    }

    /// <inheritdoc />
    public void Listed(string resource, int items) => _lists.WithLabels(resource).Inc();

    /// <inheritdoc />
    public void WatchEnded(string resource, string reason) => _watchEnds.WithLabels(resource, reason).Inc();

    /// <inheritdoc />
    public void CacheSize(string resource, int objects) => _cached.WithLabels(resource).Set(objects);

    /// <inheritdoc />
    public void UndecodableEvent(string resource) => _undecodable.WithLabels(resource).Inc();

    /// <inheritdoc />
    public void Synced(string resource, DateTimeOffset at)
    {
        _lastSync.WithLabels(resource).Set(at.ToUnixTimeMilliseconds() / 1000.0);

        if (_seen.TryAdd(resource, true))
        {
            _healthy.WithLabels(resource).Set(1);
        }
    }

    /// <inheritdoc />
    public void HealthChanged(string resource, bool healthy)
    {
        _seen.TryAdd(resource, true);
        _healthy.WithLabels(resource).Set(healthy ? 1 : 0);
    }
}
