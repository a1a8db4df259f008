using TenantOperator.Runtime.Queue;

namespace TenantOperator.Tests.Runtime.Queue;

/// <summary>Keeps what a queue reports so tests can assert on it.</summary>
internal sealed class RecordingQueueMetrics : IWorkQueueMetrics, IReconcileObserver
{
    private readonly Lock _lock = new();

    public int Adds { get; private set; }

    public int Retries { get; private set; }

    public int LastDepth { get; private set; }

    public List<TimeSpan> Waits { get; } = [];

    public List<ReconcileOutcome> Outcomes { get; } = [];

    public void Added(string queue)
    {
        lock (_lock)
        {
            Adds++;
        }
    }

    public void DepthChanged(string queue, int depth)
    {
        lock (_lock)
        {
            LastDepth = depth;
        }
    }

    public void Dequeued(string queue, TimeSpan wait)
    {
        lock (_lock)
        {
            Waits.Add(wait);
        }
    }

    public void Retried(string queue)
    {
        lock (_lock)
        {
            Retries++;
        }
    }

    public void Reconciled(string controller, ReconcileOutcome outcome, TimeSpan duration)
    {
        lock (_lock)
        {
            Outcomes.Add(outcome);
        }
    }
}
