using TenantOperator.Api;

namespace TenantOperator.Policy.Audit;

/// <summary>A tenant as audited: membership, mode, and how many of its planned policies the cluster holds.</summary>
/// <param name="Name">The TenantIsolation's name.</param>
/// <param name="Mode">Enforce or DryRun.</param>
/// <param name="Members">Member namespaces, sorted.</param>
/// <param name="Excluded">Selected or named namespaces that are not members, with the reason.</param>
/// <param name="Pods">How many audited pods run in the member namespaces.</param>
/// <param name="PlannedPolicies">How many policies the planner gives the tenant.</param>
/// <param name="PoliciesInPlace">How many of them the audited cluster holds as planned.</param>
public sealed record TenantSummary(
    string Name,
    string Mode,
    IReadOnlyList<string> Members,
    IReadOnlyList<ExcludedNamespace> Excluded,
    int Pods,
    int PlannedPolicies,
    int PoliciesInPlace);
