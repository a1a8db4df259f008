namespace TenantOperator.Policy.Evaluation;

/// <summary>One side of a verdict: egress at the source, or ingress at the destination.</summary>
/// <param name="Direction">Egress (checked at the source) or Ingress (checked at the destination).</param>
/// <param name="Subject">The endpoint this side is about: <c>namespace/pod</c> or an address.</param>
/// <param name="Allowed">True when this side lets the connection through.</param>
/// <param name="Outcome">Why.</param>
/// <param name="IsolatingPolicies">The policies that select the subject and govern this direction (empty when not isolated).</param>
/// <param name="AllowingRule">The first rule, in namespace/name and rule order, that allows the connection; null when none does or none is needed.</param>
/// <param name="Reason">One sentence a person can read.</param>
public sealed record DirectionVerdict(
    TrafficDirection Direction,
    string Subject,
    bool Allowed,
    DirectionOutcome Outcome,
    IReadOnlyList<PolicyRef> IsolatingPolicies,
    RuleRef? AllowingRule,
    string Reason);
