using Prometheus;

namespace TenantOperator.Runtime.Metrics;

/// <summary>Leader status (1 while this instance holds the lease) and leadership changes.</summary>
public sealed class LeaderElectionMetrics
{
    private readonly Gauge _isLeader;
    private readonly Counter _transitions;

    internal LeaderElectionMetrics(IMetricFactory factory)
    {
        _isLeader = factory.CreateGauge("tenant_operator_leader_is_leader", "1 while this instance holds the leader lease, else 0.", ["lease"]);
        _transitions = factory.CreateCounter("tenant_operator_leader_transitions_total", "Times this instance started or stopped leading.", ["lease", "change"]);
    }

    /// <summary>Records that this instance now leads, or no longer does.</summary>
    public void SetLeader(string lease, bool isLeader)
    {
        _isLeader.WithLabels(lease).Set(isLeader ? 1 : 0);
        _transitions.WithLabels(lease, isLeader ? "started" : "stopped").Inc();
    }

    /// <summary>The current value of the leader gauge.</summary>
    public double IsLeader(string lease) => _isLeader.WithLabels(lease).Value;
}
