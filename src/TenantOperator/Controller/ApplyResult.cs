using k8s.Models;
using TenantOperator.Policy.Reconciliation;

namespace TenantOperator.Controller;

/// <summary>
/// What applying a change set did; <see cref="Stale"/> means the cache was behind and the tenant must be re-planned.
/// <see cref="Stored"/> pairs each applied create and update with the object the API server answered: what it stored,
/// after its defaulting and any mutating admission.
/// </summary>
public sealed record ApplyResult(WriteOutcome Outcome, bool Stale, IReadOnlyList<(PolicyWrite Write, V1NetworkPolicy Stored)> Stored);
