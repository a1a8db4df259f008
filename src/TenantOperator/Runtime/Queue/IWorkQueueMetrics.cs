namespace TenantOperator.Runtime.Queue;

/// <summary>What a work queue reports for metrics; implemented by <c>Metrics.WorkQueueMetrics</c>.</summary>
public interface IWorkQueueMetrics
{
    /// <summary>A key entered the ready queue (not counted when it was already queued).</summary>
    void Added(string queue);

    /// <summary>The number of keys waiting in the ready queue changed.</summary>
    void DepthChanged(string queue, int depth);

    /// <summary>A key left the ready queue after waiting <paramref name="wait"/>.</summary>
    void Dequeued(string queue, TimeSpan wait);

    /// <summary>A key was scheduled again after a failure.</summary>
    void Retried(string queue);
}
