namespace TenantOperator.Runtime.Informers;

/// <summary>Told what an informer does, for metrics; implemented by <c>Metrics.InformerMetrics</c>.</summary>
public interface IInformerObserver
{
    /// <summary>A full list finished with <paramref name="items"/> objects.</summary>
    void Listed(string resource, int items);

    /// <summary>A watch ended; <paramref name="reason"/> is <c>closed</c>, <c>expired</c>, <c>undecodable</c> or <c>error</c>.</summary>
    void WatchEnded(string resource, string reason);

    /// <summary>The cache now holds <paramref name="objects"/> objects.</summary>
    void CacheSize(string resource, int objects);

    /// <summary>A watch event could not be decoded (the informer lists again).</summary>
    void UndecodableEvent(string resource);

    /// <summary>A list completed, or a watch delivered an event or a bookmark, at <paramref name="at"/>.</summary>
    void Synced(string resource, DateTimeOffset at);

    /// <summary>The cache became healthy or unhealthy (see <see cref="InformerHealth"/>).</summary>
    void HealthChanged(string resource, bool healthy);
}
