using TenantOperator.Policy.Reconciliation;

namespace TenantOperator.Controller;

/// <summary>What applying a change set did; <see cref="Stale"/> means the cache was behind and the tenant must be re-planned.</summary>
public sealed record ApplyResult(WriteOutcome Outcome, bool Stale);
