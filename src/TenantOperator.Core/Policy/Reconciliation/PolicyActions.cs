using TenantOperator.Api;
using TenantOperator.Policy.Planning;

namespace TenantOperator.Policy.Reconciliation;

/// <summary>
/// The one place that decides, from a tenant's plan, whether its policies are kept, reported or written (docs/design.md,
/// "Where each decision lives").
/// </summary>
public static class PolicyActions
{
    /// <summary>
    /// <see cref="PolicyAction.Keep"/> for an invalid spec (a spec the operator cannot read must not remove what
    /// protects the tenant today), else <see cref="PolicyAction.Enforce"/> or <see cref="PolicyAction.Report"/> by
    /// its mode.
    /// </summary>
    public static PolicyAction For(TenantPlan plan) =>
        !plan.IsValid ? PolicyAction.Keep
        : plan.Mode == IsolationMode.Enforce ? PolicyAction.Enforce
        : PolicyAction.Report;
}
