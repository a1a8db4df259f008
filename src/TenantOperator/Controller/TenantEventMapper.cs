using k8s.Models;
using TenantOperator.Api;
using TenantOperator.Policy.Planning;
using TenantOperator.Policy.Reconciliation;

namespace TenantOperator.Controller;

/// <summary>
/// Maps every change the tenant controller watches to the tenants it concerns, by <see cref="TenantEventRules"/> over
/// what the caches hold now. <see cref="TenantController"/> declares the watches, with the filters that drop a
/// status-only update of a TenantIsolation and an update of a Namespace the planner does not see.
/// </summary>
/// <remarks>
/// Before the caches have synced, only the tenant itself is enqueued: every tenant is enqueued anyway when this
/// instance starts leading, and mapping the initial list object by object would cost a cold start dearly.
/// </remarks>
public sealed class TenantEventMapper(ClusterCaches caches)
{
    private readonly TenantSelectors _selectors = new();

    /// <summary>The tenants a TenantIsolation's creation (<paramref name="old"/> null), change or deletion (<paramref name="current"/> null) concerns.</summary>
    public IReadOnlyList<string> OnTenant(TenantIsolation? old, TenantIsolation? current) =>
        caches.HasSynced
            ? TenantEventRules.ForTenant(old, current, caches.Tenants.Cache.List(), caches.PlanningInput().Namespaces, _selectors)
            : [(current ?? old)!.Metadata.Name];

    /// <summary>The tenants a Namespace's creation, change or deletion concerns.</summary>
    public IReadOnlyList<string> OnNamespace(V1Namespace? old, V1Namespace? current) =>
        caches.HasSynced
            ? TenantEventRules.ForNamespace(Info(old), Info(current), caches.Tenants.Cache.List(), _selectors,
                caches.HandWrittenPoliciesSelectingNamespaces(), caches.FindNamespaceInfo)
            : [];

    /// <summary>The tenants a NetworkPolicy's creation, change (both versions' tenants) or deletion concerns.</summary>
    public IReadOnlyList<string> OnPolicy(V1NetworkPolicy? old, V1NetworkPolicy? current) =>
        [.. new[] { old, current }.OfType<V1NetworkPolicy>().SelectMany(OnPolicy)];

    private IReadOnlyList<string> OnPolicy(V1NetworkPolicy policy) =>
        caches.HasSynced
            ? TenantEventRules.ForPolicy(policy, Info(caches.Namespaces.Cache.Get(null, policy.Metadata.NamespaceProperty)), caches.Tenants.Cache.List(), _selectors)
            : [];

    private static NamespaceInfo? Info(V1Namespace? ns) => ns is null ? null : NamespaceInfo.From(ns);
}
