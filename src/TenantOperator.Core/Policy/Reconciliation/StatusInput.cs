using TenantOperator.Api;
using TenantOperator.Policy.Planning;

namespace TenantOperator.Policy.Reconciliation;

/// <summary>Everything the status of one tenant is computed from; <paramref name="RewriteLoops"/>: the policies someone
/// rewrites after every write (<see cref="RewriteLoopGuard"/>).</summary>
public sealed record StatusInput(
    TenantPlan Plan,
    PolicyChangeSet Changes,
    WriteOutcome Outcome,
    IReadOnlyList<IsolationBreach> Breaches,
    TenantIsolationStatus? Previous,
    DateTime Now,
    IReadOnlyList<RewriteHistory>? RewriteLoops = null)
{
    /// <summary>The shipped guardrails found in the cluster; null writes no GuardrailsInstalled condition.</summary>
    public GuardrailReport? Guardrails { get; init; }
}
