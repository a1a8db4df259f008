using TenantOperator.Policy.Evaluation;

namespace TenantOperator.Policy.Audit;

/// <summary>
/// A connection across the tenant boundary that the cluster allows and no TenantIsolation declares: the cluster of
/// only the declared policies denies it (see docs/audit.md for the exact definition).
/// </summary>
/// <param name="From">The source pod, <c>namespace/name</c>.</param>
/// <param name="To">The destination pod, <c>namespace/name</c>.</param>
/// <param name="Port">The destination port.</param>
/// <param name="FromParty">The source's tenant, or its namespace when no tenant isolates it.</param>
/// <param name="ToParty">The destination's tenant, or its namespace when no tenant isolates it.</param>
/// <param name="OpenedBy">For each side the declarations deny, what lets the connection through in the cluster.</param>
public sealed record ConnectionBreach(string From, string To, ProtocolPort Port, Party FromParty, Party ToParty, IReadOnlyList<BreachOpening> OpenedBy);

/// <summary>
/// What opens one side of a breach: a rule of a policy that the declarations do not contain, or the fact that no
/// policy isolates the pod for that direction at all (the tenant's policies are missing).
/// </summary>
/// <param name="Direction">Egress (at the source) or Ingress (at the destination).</param>
/// <param name="Pod">The pod on that side, <c>namespace/name</c>.</param>
/// <param name="Outcome"><see cref="DirectionOutcome.AllowedByRule"/>, <see cref="DirectionOutcome.NotIsolated"/> or <see cref="DirectionOutcome.HostNetwork"/>.</param>
/// <param name="Rule">The opening rule when <paramref name="Outcome"/> is AllowedByRule.</param>
public sealed record BreachOpening(TrafficDirection Direction, string Pod, DirectionOutcome Outcome, RuleRef? Rule)
{
    /// <summary>The opening policy, or null when the side is open because nothing isolates it.</summary>
    public PolicyRef? Policy => Rule?.Policy;

    /// <summary>A phrase for text output: <c>ingress at x/a: x/allow-all ingress[0]</c>.</summary>
    public override string ToString() =>
        $"{(Direction == TrafficDirection.Ingress ? "ingress" : "egress")} at {Pod}: " + (Outcome switch
        {
            DirectionOutcome.AllowedByRule => Rule!.ToString(),
            DirectionOutcome.HostNetwork => "host network (NetworkPolicy does not govern it)",
            _ => "not isolated (no NetworkPolicy selects it)",
        });
}
