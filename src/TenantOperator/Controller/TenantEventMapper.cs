using k8s.Models;
using TenantOperator.Api;
using TenantOperator.Policy.Planning;
using TenantOperator.Policy.Reconciliation;
using TenantOperator.Policy.Selectors;
using TenantOperator.Runtime.Informers;

namespace TenantOperator.Controller;

/// <summary>
/// Maps every change the informers see to the tenants it may concern, and enqueues them:
/// a TenantIsolation change enqueues it, the tenants it names in <c>tenant:</c> peers, the tenants that name it, and
/// the tenants selecting the same namespaces (ownership may move); a Namespace change enqueues every tenant whose
/// selection covers its old or new labels or name; a managed NetworkPolicy change enqueues its tenant; any other
/// NetworkPolicy change enqueues the tenants selecting its namespace (for breaches). A status-only update of a
/// TenantIsolation enqueues nothing, so writing status never triggers another reconcile of itself.
/// </summary>
/// <remarks>
/// <para>
/// Policies carry a tenant's membership definition, not its members (see
/// <see cref="Policy.Planning.MembershipDefinition"/>), so a namespace joining or leaving by its labels makes its
/// tenant write that namespace's policies and nothing else; only a change of the definition (the spec, or an exclusion:
/// a namespace the tenant selects turning protected, exempt or claimed by an older tenant) rewrites the policies that
/// carry it, the tenant's and, through <c>tenant:</c> peers, its dependents'. The dependents are enqueued on every
/// change of the tenant's namespaces all the same: what their status reports moves with them (whether the peered
/// tenant has members; which namespaces their declared peers cover, for breaches), and a reconcile that finds its
/// policies as planned writes nothing.
/// </para>
/// <para>
/// Before the caches have synced, only the tenant itself is enqueued: every tenant is enqueued anyway when this
/// instance starts leading, and mapping the initial list object by object would cost a cold start dearly.
/// </para>
/// </remarks>
public sealed class TenantEventMapper(ClusterCaches caches, Action<string> enqueue)
{
    private readonly Dictionary<string, (long? Generation, CompiledLabelSelector? Selector)> _selectors = new(StringComparer.Ordinal);
    private readonly Lock _selectorsLock = new();

    /// <summary>Registers the handlers on the caches' informers.</summary>
    public void Register()
    {
        caches.Tenants.AddHandler(new ResourceEventHandler<TenantIsolation>(
            t => OnTenant(null, t), (old, current) => { if (PlanningInputChanged(old, current)) { OnTenant(old, current); } }, t => OnTenant(t, null)));
        caches.Namespaces.AddHandler(new ResourceEventHandler<V1Namespace>(
            ns => OnNamespace(null, ns), (old, current) => { if (PlanningInputChanged(old, current)) { OnNamespace(old, current); } }, ns => OnNamespace(ns, null)));
        caches.Policies.AddHandler(new ResourceEventHandler<V1NetworkPolicy>(
            OnPolicy, (old, current) => { OnPolicy(old); OnPolicy(current); }, OnPolicy));
    }

    /// <summary>True when a TenantIsolation changed in a way the planner sees: not a status-only update.</summary>
    public static bool PlanningInputChanged(TenantIsolation old, TenantIsolation current) =>
        old.Metadata.Generation != current.Metadata.Generation
        || old.Metadata.DeletionTimestamp != current.Metadata.DeletionTimestamp
        || old.Metadata.Uid != current.Metadata.Uid
        || (old.Metadata.Generation is null && old.Metadata.ResourceVersion != current.Metadata.ResourceVersion && !SameSpec(old, current));

    /// <summary>True when a Namespace changed in a way the planner sees: labels, phase or deletion.</summary>
    public static bool PlanningInputChanged(V1Namespace old, V1Namespace current) =>
        old.Status?.Phase != current.Status?.Phase
        || old.Metadata.DeletionTimestamp != current.Metadata.DeletionTimestamp
        || !SameLabels(old.Metadata.Labels, current.Metadata.Labels);

    /// <summary>The tenants whose namespaceSelector or names cover this namespace.</summary>
    public IEnumerable<string> TenantsSelecting(V1Namespace ns) => TenantsSelecting(NamespaceInfo.From(ns));

    /// <summary>The tenants whose namespaceSelector or names cover this namespace.</summary>
    public IEnumerable<string> TenantsSelecting(NamespaceInfo info)
    {
        foreach (var tenant in caches.Tenants.Cache.List())
        {
            if ((tenant.Spec.Namespaces ?? []).Contains(info.Name) || Selects(tenant, info))
            {
                yield return tenant.Metadata.Name;
            }
        }
    }

    private void OnTenant(TenantIsolation? old, TenantIsolation? current)
    {
        var name = (current ?? old)!.Metadata.Name;
        if (!caches.HasSynced)
        {
            enqueue(name);
            return;
        }

        var affected = new HashSet<string>(StringComparer.Ordinal) { name };
        foreach (var spec in new[] { old?.Spec, current?.Spec })
        {
            affected.UnionWith(TenantPeers(spec));
        }

        foreach (var other in caches.Tenants.Cache.List())
        {
            if (TenantPeers(other.Spec).Contains(name))
            {
                affected.Add(other.Metadata.Name);
            }
        }

        // Tenants competing for the same namespaces: this change may hand a namespace to or take one from them.
        // The old and new selectors are compiled here, once, not through the per-tenant cache they would thrash.
        var oldSelector = Compile(old);
        var currentSelector = Compile(current);
        foreach (var info in caches.PlanningInput().Namespaces)
        {
            if (Covers(old, oldSelector, info) || Covers(current, currentSelector, info))
            {
                affected.UnionWith(TenantsSelecting(info));
            }
        }

        EnqueueWithDependents(affected);
    }

    private void OnNamespace(V1Namespace? old, V1Namespace? current)
    {
        if (!caches.HasSynced)
        {
            return;
        }

        var affected = new HashSet<string>(StringComparer.Ordinal);
        foreach (var ns in new[] { old, current })
        {
            if (ns is not null)
            {
                affected.UnionWith(TenantsSelecting(ns));
            }
        }

        EnqueueWithDependents(affected);
    }

    private void OnPolicy(V1NetworkPolicy policy)
    {
        if (!caches.HasSynced)
        {
            return;
        }

        if (PolicyComparer.TenantOf(policy) is { } tenant)
        {
            enqueue(tenant);
            return;
        }

        if (caches.Namespaces.Cache.Get(null, policy.Metadata.NamespaceProperty) is { } ns)
        {
            foreach (var name in TenantsSelecting(ns))
            {
                enqueue(name);
            }
        }
    }

    /// <summary>Enqueues the tenants and every tenant whose <c>tenant:</c> peers name one of them (their peers carry its definition).</summary>
    private void EnqueueWithDependents(HashSet<string> tenants)
    {
        var all = caches.Tenants.Cache.List();
        var dependents = all.Where(t => TenantPeers(t.Spec).Any(tenants.Contains)).Select(t => t.Metadata.Name);
        foreach (var name in tenants.Concat(dependents).Distinct(StringComparer.Ordinal))
        {
            enqueue(name);
        }
    }

    private static bool Covers(TenantIsolation? tenant, CompiledLabelSelector? selector, NamespaceInfo ns) =>
        tenant is not null && ((tenant.Spec.Namespaces ?? []).Contains(ns.Name) || (selector?.Matches(ns.Labels) ?? false));

    private bool Selects(TenantIsolation tenant, NamespaceInfo ns) => SelectorOf(tenant)?.Matches(ns.Labels) ?? false;

    /// <summary>The tenant's compiled namespaceSelector, compiled once per generation.</summary>
    private CompiledLabelSelector? SelectorOf(TenantIsolation tenant)
    {
        var key = $"{tenant.Metadata.Name}/{tenant.Metadata.Uid}";
        lock (_selectorsLock)
        {
            if (_selectors.TryGetValue(key, out var cached) && cached.Generation == tenant.Metadata.Generation && cached.Generation is not null)
            {
                return cached.Selector;
            }

            var compiled = Compile(tenant);
            _selectors[key] = (tenant.Metadata.Generation, compiled);
            return compiled;
        }
    }

    // An invalid selector selects nothing; validation reports it in the tenant's status.
    private static CompiledLabelSelector? Compile(TenantIsolation? tenant) =>
        tenant?.Spec.NamespaceSelector is { } selector ? CompiledLabelSelector.TryCompile(selector.ToV1()!) : null;

    private static IEnumerable<string> TenantPeers(TenantIsolationSpec? spec) =>
        spec is null
            ? []
            : (spec.Ingress ?? []).SelectMany(r => r.From ?? []).Concat((spec.Egress ?? []).SelectMany(r => r.To ?? []))
                .Select(p => p.Tenant).OfType<string>();

    private static bool SameSpec(TenantIsolation a, TenantIsolation b) =>
        k8s.KubernetesJson.Serialize(a.Spec) == k8s.KubernetesJson.Serialize(b.Spec);

    private static bool SameLabels(IDictionary<string, string>? a, IDictionary<string, string>? b) =>
        (a?.Count ?? 0) == (b?.Count ?? 0) && (a is null || a.All(kv => b is not null && b.TryGetValue(kv.Key, out var v) && v == kv.Value));
}
