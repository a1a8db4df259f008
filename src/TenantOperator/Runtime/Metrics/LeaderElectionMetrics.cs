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

    /// <summary>
    /// Publishes 0 for a lease this instance campaigns for, before it ever leads: a follower that never led must still
    /// say so, or "no instance leads" could not be told from "no instance runs" (see config/prometheus).
    /// </summary>
    public void Campaigning(string lease) => _isLeader.WithLabels(lease).Set(0);

    /// <summary>Records that this instance now leads, or no longer does.</summary>
    public void SetLeader(string lease, bool isLeader)
    {
        _isLeader.WithLabels(lease).Set(isLeader ? 1 : 0);
        _transitions.WithLabels(lease, isLeader ? "started" : "stopped").Inc();
    }

    /// <summary>The current value of the leader gauge.</summary>
    public double IsLeader(string lease) => _isLeader.WithLabels(lease).Value;
}
