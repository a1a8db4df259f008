namespace TenantOperator.Runtime.Queue;

/// <summary>Metrics sink that drops everything, for queues created without metrics.</summary>
internal sealed class NoWorkQueueMetrics : IWorkQueueMetrics
{
    public static readonly NoWorkQueueMetrics Instance = new();

    public void Added(string queue)
    {
    }

    public void DepthChanged(string queue, int depth)
    {
    }

    public void Dequeued(string queue, TimeSpan wait)
    {
    }

    public void Retried(string queue)
    {
    }
}
