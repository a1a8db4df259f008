using k8s.Models;
using TenantOperator.Policy.Planning;

namespace TenantOperator.Policy.Audit;

/// <summary>
/// What a breach analysis of one tenant looks at: the tenant's plan (members, declared rules, its own policies), the
/// cluster plan (who owns the other namespaces), every namespace (for namespaceSelectors), and every NetworkPolicy
/// in the tenant's member namespaces, ours included. Pods are not known to the operator: a pod selector is assumed
/// to be able to match.
/// </summary>
public sealed record BreachQuery(
    TenantPlan Tenant,
    ClusterPlan Cluster,
    IReadOnlyList<NamespaceInfo> Namespaces,
    IReadOnlyList<V1NetworkPolicy> PoliciesInMemberNamespaces);
