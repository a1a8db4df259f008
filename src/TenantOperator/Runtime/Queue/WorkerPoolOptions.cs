namespace TenantOperator.Runtime.Queue;

/// <summary>Settings of a <see cref="ReconcileWorkerPool{TKey}"/>.</summary>
public sealed record WorkerPoolOptions
{
    /// <summary>Name of the controller (label <c>controller</c> in metrics, and in logs).</summary>
    public string ControllerName { get; init; } = "controller";

    /// <summary>How many keys are reconciled concurrently (never the same key twice).</summary>
    public int Workers { get; init; } = 2;
}
