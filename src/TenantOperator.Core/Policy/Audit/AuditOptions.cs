using TenantOperator.Policy.Evaluation;

namespace TenantOperator.Policy.Audit;

/// <summary>What an audit probes and reports.</summary>
public sealed record AuditOptions
{
    /// <summary>
    /// The ports probed for every destination pod. Null: each destination pod's own container ports, and for a pod
    /// that declares none, every container port declared anywhere in the cluster.
    /// </summary>
    public IReadOnlyList<ProtocolPort>? Ports { get; init; }

    /// <summary>List every probed pod-to-pod connection (<c>--pods</c>).</summary>
    public bool IncludePodConnections { get; init; }
}
