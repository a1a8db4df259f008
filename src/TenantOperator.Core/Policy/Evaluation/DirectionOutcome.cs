namespace TenantOperator.Policy.Evaluation;

/// <summary>Why one side of a connection (egress at the source, ingress at the destination) allows it or not.</summary>
public enum DirectionOutcome
{
    /// <summary>The endpoint is an address outside the cluster: no NetworkPolicy governs it.</summary>
    NotAPod,

    /// <summary>The pod uses the host network: NetworkPolicy does not govern it.</summary>
    HostNetwork,

    /// <summary>Source and destination are the same pod: a pod can always reach itself.</summary>
    SamePod,

    /// <summary>The other end is a host-network pod on the same node: traffic between a pod and its own node is always allowed.</summary>
    NodeLocal,

    /// <summary>No NetworkPolicy selects the pod for this direction, so it is not isolated: allowed.</summary>
    NotIsolated,

    /// <summary>The pod is isolated for this direction and a rule of an isolating policy allows the connection.</summary>
    AllowedByRule,

    /// <summary>The pod is isolated for this direction and no rule of any isolating policy allows the connection.</summary>
    NoRuleAllows,
}
