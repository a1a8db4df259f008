using TenantOperator.Policy.Evaluation;

namespace TenantOperator.Policy.Audit;

/// <summary>One probed pod-to-pod connection and whether the cluster's policies allow it.</summary>
/// <param name="From">The source pod, <c>namespace/name</c>.</param>
/// <param name="To">The destination pod, <c>namespace/name</c>.</param>
/// <param name="Port">The destination port.</param>
/// <param name="Allowed">True when egress at the source and ingress at the destination allow it.</param>
public sealed record PodConnection(string From, string To, ProtocolPort Port, bool Allowed);
