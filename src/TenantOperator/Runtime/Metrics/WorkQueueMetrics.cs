using Prometheus;
using TenantOperator.Runtime.Queue;

namespace TenantOperator.Runtime.Metrics;

/// <summary>Work queue metrics (label <c>queue</c>), fed by <see cref="WorkQueue{TKey}"/>.</summary>
public sealed class WorkQueueMetrics : IWorkQueueMetrics
{
    private readonly Gauge _depth;
    private readonly Counter _adds;
    private readonly Counter _retries;
    private readonly Histogram _wait;

    internal WorkQueueMetrics(IMetricFactory factory)
    {
        _depth = factory.CreateGauge("tenant_operator_workqueue_depth", "Keys waiting in the work queue.", ["queue"]);
        _adds = factory.CreateCounter("tenant_operator_workqueue_adds_total", "Keys added to the work queue (not counting keys already queued).", ["queue"]);
        _retries = factory.CreateCounter("tenant_operator_workqueue_retries_total", "Keys queued again after a failed reconcile.", ["queue"]);
        _wait = factory.CreateHistogram("tenant_operator_workqueue_queue_duration_seconds", "How long a key waited in the queue before a worker took it.",
            new HistogramConfiguration { LabelNames = ["queue"], Buckets = Histogram.ExponentialBuckets(0.001, 2, 16) });
    }

    /// <inheritdoc />
    public void Added(string queue) => _adds.WithLabels(queue).Inc();

    /// <inheritdoc />
    public void DepthChanged(string queue, int depth) => _depth.WithLabels(queue).Set(depth);

    /// <inheritdoc />
    public void Dequeued(string queue, TimeSpan wait) => _wait.WithLabels(queue).Observe(wait.TotalSeconds);

    /// <inheritdoc />
    public void Retried(string queue) => _retries.WithLabels(queue).Inc();
}
