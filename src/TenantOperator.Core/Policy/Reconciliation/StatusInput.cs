using TenantOperator.Api;
using TenantOperator.Policy.Planning;

namespace TenantOperator.Policy.Reconciliation;

/// <summary>Everything the status of one tenant is computed from.</summary>
public sealed record StatusInput(
    TenantPlan Plan,
    PolicyChangeSet Changes,
    WriteOutcome Outcome,
    IReadOnlyList<IsolationBreach> Breaches,
    TenantIsolationStatus? Previous,
    DateTime Now);
