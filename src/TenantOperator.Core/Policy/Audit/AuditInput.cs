using k8s.Models;
using TenantOperator.Api;
using TenantOperator.Policy.Planning;

namespace TenantOperator.Policy.Audit;

/// <summary>
/// What an audit reads: the cluster's Namespaces, Pods, NetworkPolicies and TenantIsolations (from files or a live
/// cluster), the planner's options, and whether to plan the tenants' policies in (<c>--plan</c>).
/// </summary>
public sealed record AuditInput
{
    /// <summary>The Namespaces; a namespace that pods or policies name but that is missing here is assumed, with its name label only.</summary>
    public required IReadOnlyList<V1Namespace> Namespaces { get; init; }

    /// <summary>The Pods. Finished pods (phase Succeeded or Failed) hold no address and are left out.</summary>
    public required IReadOnlyList<V1Pod> Pods { get; init; }

    /// <summary>The NetworkPolicies in the cluster, the operator's included.</summary>
    public required IReadOnlyList<V1NetworkPolicy> Policies { get; init; }

    /// <summary>The TenantIsolations. Invalid ones are left out with a warning.</summary>
    public required IReadOnlyList<TenantIsolation> Tenants { get; init; }

    /// <summary>The planner's options (protected namespaces); the same as the operator's.</summary>
    public PlannerOptions PlannerOptions { get; init; } = new();

    /// <summary>
    /// When true, the operator's policies in the input are replaced by the planner's for every Enforce tenant, as the
    /// operator would leave the cluster: a GitOps repository (TenantIsolations, no generated policies) is audited
    /// before it is applied. When false, the input is audited exactly as given.
    /// </summary>
    public bool PlanPolicies { get; init; }
}
