using k8s.Models;
using TenantOperator.Api;
using TenantOperator.Policy.Planning;
using TenantOperator.Policy.Reconciliation;
using TenantOperator.Runtime.Informers;

namespace TenantOperator.Controller;

/// <summary>
/// Maps every change the informers see to the tenants it concerns, by <see cref="TenantEventRules"/> over what the
/// caches hold now, and enqueues them. A status-only update of a TenantIsolation, or an update of a Namespace the
/// planner does not see, enqueues nothing.
/// </summary>
/// <remarks>
/// Before the caches have synced, only the tenant itself is enqueued: every tenant is enqueued anyway when this
/// instance starts leading, and mapping the initial list object by object would cost a cold start dearly.
/// </remarks>
public sealed class TenantEventMapper(ClusterCaches caches, Action<string> enqueue)
{
    private readonly TenantSelectors _selectors = new();

    /// <summary>Registers the handlers on the caches' informers.</summary>
    public void Register()
    {
        caches.Tenants.AddHandler(new ResourceEventHandler<TenantIsolation>(
            t => Enqueue(OnTenant(null, t)),
            (old, current) => { if (TenantEventRules.PlanningInputChanged(old, current)) { Enqueue(OnTenant(old, current)); } },
            t => Enqueue(OnTenant(t, null))));
        caches.Namespaces.AddHandler(new ResourceEventHandler<V1Namespace>(
            ns => Enqueue(OnNamespace(null, ns)),
            (old, current) => { if (TenantEventRules.PlanningInputChanged(old, current)) { Enqueue(OnNamespace(old, current)); } },
            ns => Enqueue(OnNamespace(ns, null))));
        caches.Policies.AddHandler(new ResourceEventHandler<V1NetworkPolicy>(
            p => Enqueue(OnPolicy(p)), (old, current) => { Enqueue(OnPolicy(old)); Enqueue(OnPolicy(current)); }, p => Enqueue(OnPolicy(p))));
    }

    /// <summary>The tenants a TenantIsolation's creation, change or deletion concerns.</summary>
    public IReadOnlyList<string> OnTenant(TenantIsolation? old, TenantIsolation? current) =>
        caches.HasSynced
            ? TenantEventRules.ForTenant(old, current, caches.Tenants.Cache.List(), caches.PlanningInput().Namespaces, _selectors)
            : [(current ?? old)!.Metadata.Name];

    /// <summary>The tenants a Namespace's creation, change or deletion concerns.</summary>
    public IReadOnlyList<string> OnNamespace(V1Namespace? old, V1Namespace? current) =>
        caches.HasSynced
            ? TenantEventRules.ForNamespace(Info(old), Info(current), caches.Tenants.Cache.List(), _selectors)
            : [];

    /// <summary>The tenants a NetworkPolicy's creation, change or deletion concerns.</summary>
    public IReadOnlyList<string> OnPolicy(V1NetworkPolicy policy) =>
        caches.HasSynced
            ? TenantEventRules.ForPolicy(policy, Info(caches.Namespaces.Cache.Get(null, policy.Metadata.NamespaceProperty)), caches.Tenants.Cache.List(), _selectors)
            : [];

    private static NamespaceInfo? Info(V1Namespace? ns) => ns is null ? null : NamespaceInfo.From(ns);

    private void Enqueue(IReadOnlyList<string> tenants)
    {
        foreach (var name in tenants)
        {
            enqueue(name);
        }
    }
}
