namespace TenantOperator.Runtime.Queue;

/// <summary>Told about every finished reconcile; implemented by <c>Metrics.ReconcileMetrics</c>.</summary>
public interface IReconcileObserver
{
    /// <summary>A reconcile of one key finished with <paramref name="outcome"/> after <paramref name="duration"/>.</summary>
    void Reconciled(string controller, ReconcileOutcome outcome, TimeSpan duration);
}
