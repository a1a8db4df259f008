using TenantOperator.Api;

namespace TenantOperator.Policy.Planning;

/// <summary>What the planner plans from: every TenantIsolation, every namespace, and the operator's options.</summary>
public sealed record PlannerInput(IReadOnlyList<TenantIsolation> Tenants, IReadOnlyList<NamespaceInfo> Namespaces, PlannerOptions Options);
