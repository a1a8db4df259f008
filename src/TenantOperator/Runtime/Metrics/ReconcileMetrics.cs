using Prometheus;
using TenantOperator.Runtime.Queue;

namespace TenantOperator.Runtime.Metrics;

/// <summary>Reconciles by controller and result, and their duration; fed by <see cref="ReconcileWorkerPool{TKey}"/>.</summary>
public sealed class ReconcileMetrics : IReconcileObserver
{
    private readonly Counter _total;
    private readonly Histogram _duration;

    internal ReconcileMetrics(IMetricFactory factory)
    {
        _total = factory.CreateCounter("tenant_operator_reconcile_total", "Reconciles by controller and result (success, requeue_after, error).", ["controller", "result"]);
        _duration = factory.CreateHistogram("tenant_operator_reconcile_duration_seconds", "How long one reconcile took.",
            new HistogramConfiguration { LabelNames = ["controller"], Buckets = Histogram.ExponentialBuckets(0.001, 2, 16) });
    }

    /// <inheritdoc />
    public void Reconciled(string controller, ReconcileOutcome outcome, TimeSpan duration)
    {
        _total.WithLabels(controller, Label(outcome)).Inc();
        _duration.WithLabels(controller).Observe(duration.TotalSeconds);
    }

    private static string Label(ReconcileOutcome outcome) => outcome switch
    {
        ReconcileOutcome.Success => "success",
        ReconcileOutcome.RequeueAfter => "requeue_after",
        _ => "error",
    };
}
