using k8s;
using k8s.Models;
using TenantOperator.Api;
using TenantOperator.Policy.Planning;

namespace TenantOperator.Policy.Reconciliation;

/// <summary>
/// Which tenants a change of a watched object concerns (the keys the tenant controller enqueues), as pure functions
/// of the change and the tenants and namespaces known:
/// a TenantIsolation change concerns it, the tenants it names in <c>tenant:</c> peers, the tenants that name it, and
/// the tenants selecting the same namespaces (ownership may move); a Namespace change concerns every tenant whose
/// selection covers its old or new labels or name; both sets also take in the tenants that name one of theirs in a
/// <c>tenant:</c> peer. A managed NetworkPolicy change concerns its tenant. For breaches only (no dependents): a
/// hand-written NetworkPolicy's change concerns the tenants selecting its namespace, and so does a Namespace change
/// that one of its peers' namespaceSelector sees, before or after. Only updates that change what the
/// planner reads count (<see cref="PlanningInputChanged(TenantIsolation, TenantIsolation)"/>): writing a status
/// never triggers another reconcile of itself.
/// </summary>
/// <remarks>
/// Policies carry a tenant's membership definition, not its members (docs/design.md, "Membership inside policies"), so
/// a namespace joining or leaving by its labels makes its tenant write that namespace's policies and nothing else;
/// only a change of the definition rewrites the policies that carry it, the tenant's and, through <c>tenant:</c>
/// peers, its dependents'. The dependents are enqueued on every change of the tenant's namespaces all the same: what
/// their status reports moves with them (whether the peered tenant has members; which namespaces their declared
/// peers cover, for breaches), and a reconcile that finds its policies as planned writes nothing.
/// </remarks>
public static class TenantEventRules
{
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

    /// <summary>
    /// True when a Namespace's only change is to the operator's own marks (<see cref="WellKnown.TenantLabel"/>,
    /// <see cref="WellKnown.IsolatedLabel"/>). The planner reads labels only through tenants' namespaceSelectors, so such
    /// a change leaves every plan as it was unless a tenant selects by a mark (<see cref="SelectsByMarks"/>). A cold
    /// start marks every member namespace, and re-planning the cluster for each mark would be 10,000 plans
    /// (docs/PERFORMANCE.md, "Memory at 10,000 namespaces").
    /// </summary>
    public static bool OnlyMarksChanged(V1Namespace old, V1Namespace current) =>
        old.Status?.Phase == current.Status?.Phase
        && old.Metadata.DeletionTimestamp == current.Metadata.DeletionTimestamp
        && SameLabels(WithoutMarks(old.Metadata.Labels), WithoutMarks(current.Metadata.Labels));

    /// <summary>True when <paramref name="tenant"/>'s namespaceSelector reads one of the operator's marks (so its membership follows them).</summary>
    public static bool SelectsByMarks(TenantIsolation tenant) =>
        tenant.Spec?.NamespaceSelector is { } selector
        && ((selector.MatchLabels?.Keys ?? []).Any(IsMark) || (selector.MatchExpressions ?? []).Any(e => IsMark(e.Key)));

    /// <summary>The tenants a TenantIsolation's creation (<paramref name="old"/> null), change or deletion (<paramref name="current"/> null) concerns.</summary>
    public static IReadOnlyList<string> ForTenant(TenantIsolation? old, TenantIsolation? current,
        IReadOnlyCollection<TenantIsolation> tenants, IEnumerable<NamespaceInfo> namespaces, TenantSelectors selectors)
    {
        var name = (current ?? old ?? throw new ArgumentException("A tenant change has an old or a current object.")).Metadata.Name;
        var affected = new HashSet<string>(StringComparer.Ordinal) { name };
        foreach (var spec in new[] { old?.Spec, current?.Spec })
        {
            affected.UnionWith(TenantPeers(spec));
        }

        foreach (var other in tenants)
        {
            if (TenantPeers(other.Spec).Contains(name))
            {
                affected.Add(other.Metadata.Name);
            }
        }

        // Tenants competing for the same namespaces: this change may hand a namespace to or take one from them.
        // The old and new selectors are compiled here, once, not through the per-generation cache they would thrash.
        var oldSelector = TenantSelectors.Compile(old);
        var currentSelector = TenantSelectors.Compile(current);
        foreach (var ns in namespaces)
        {
            if (Covers(old, oldSelector, ns) || Covers(current, currentSelector, ns))
            {
                affected.UnionWith(TenantsSelecting(ns, tenants, selectors));
            }
        }

        return WithDependents(affected, tenants);
    }

    /// <summary>The tenants a Namespace's creation, change or deletion concerns: those selecting it before or after.</summary>
    public static IReadOnlyList<string> ForNamespace(NamespaceInfo? old, NamespaceInfo? current, IReadOnlyCollection<TenantIsolation> tenants, TenantSelectors selectors) =>
        ForNamespace(old, current, tenants, selectors, [], _ => null);

    /// <summary>
    /// The tenants a Namespace's creation, change or deletion concerns: those selecting it before or after, and the
    /// tenants selecting the namespace of any of <paramref name="handWritten"/> (the policies no tenant manages) that
    /// has a peer whose namespaceSelector matches the namespace before or after. A namespace no tenant selects can
    /// still open a tenant by its labels: relabelled into what a team's own policy admits, it breaches that tenant's
    /// isolation, and the tenant's <c>Isolated</c> condition must say so now, not at the next periodic resync.
    /// <paramref name="namespaceNamed"/> finds a policy's namespace by name (null when not known: no tenant).
    /// </summary>
    public static IReadOnlyList<string> ForNamespace(NamespaceInfo? old, NamespaceInfo? current, IReadOnlyCollection<TenantIsolation> tenants, TenantSelectors selectors,
        IEnumerable<V1NetworkPolicy> handWritten, Func<string, NamespaceInfo?> namespaceNamed)
    {
        var affected = new HashSet<string>(StringComparer.Ordinal);
        foreach (var ns in new[] { old, current })
        {
            if (ns is not null)
            {
                affected.UnionWith(TenantsSelecting(ns, tenants, selectors));
            }
        }

        var breachable = new HashSet<string>(StringComparer.Ordinal);
        foreach (var policy in handWritten)
        {
            if (!PolicyComparer.IsManaged(policy) && PeersSelectNamespace(policy, old, current)
                && namespaceNamed(policy.Metadata.NamespaceProperty) is { } itsNamespace)
            {
                breachable.UnionWith(TenantsSelecting(itsNamespace, tenants, selectors));
            }
        }

        // As for a hand-written policy's own change (ForPolicy): only the holder's breach report moves, so its
        // dependents are not enqueued for it.
        return [.. WithDependents(affected, tenants).Concat(breachable).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>True when a peer of <paramref name="policy"/> selects namespaces by labels that <paramref name="old"/> or <paramref name="current"/> carry.</summary>
    public static bool PeersSelectNamespace(V1NetworkPolicy policy, NamespaceInfo? old, NamespaceInfo? current)
    {
        foreach (var peer in PolicyPeers.Of(policy))
        {
            if (peer.NamespaceSelector is { } selector && Selectors.CompiledLabelSelector.TryCompile(selector) is { } compiled
                && ((old is not null && compiled.Matches(old.Labels)) || (current is not null && compiled.Matches(current.Labels))))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The tenants a NetworkPolicy's change concerns: its tenant when it is managed, else the tenants selecting
    /// <paramref name="itsNamespace"/> (null when the namespace is not known: none).
    /// </summary>
    public static IReadOnlyList<string> ForPolicy(V1NetworkPolicy policy, NamespaceInfo? itsNamespace, IReadOnlyCollection<TenantIsolation> tenants, TenantSelectors selectors) =>
        PolicyComparer.TenantOf(policy) is { } tenant ? [tenant]
        : itsNamespace is null ? []
        : [.. TenantsSelecting(itsNamespace, tenants, selectors)];

    /// <summary>The tenants whose namespaceSelector or names cover <paramref name="ns"/>.</summary>
    public static IEnumerable<string> TenantsSelecting(NamespaceInfo ns, IEnumerable<TenantIsolation> tenants, TenantSelectors selectors) =>
        tenants.Where(t => selectors.Selects(t, ns)).Select(t => t.Metadata.Name);

    /// <summary>The tenants, then every tenant whose <c>tenant:</c> peers name one of them (their peers carry its definition).</summary>
    private static IReadOnlyList<string> WithDependents(HashSet<string> tenants, IEnumerable<TenantIsolation> all)
    {
        var dependents = all.Where(t => TenantPeers(t.Spec).Any(tenants.Contains)).Select(t => t.Metadata.Name);
        return [.. tenants.Concat(dependents).Distinct(StringComparer.Ordinal)];
    }

    private static bool Covers(TenantIsolation? tenant, Selectors.CompiledLabelSelector? selector, NamespaceInfo ns) =>
        tenant is not null && ((tenant.Spec.Namespaces ?? []).Contains(ns.Name) || (selector?.Matches(ns.Labels) ?? false));

    private static IEnumerable<string> TenantPeers(TenantIsolationSpec? spec) =>
        spec is null
            ? []
            : (spec.Ingress ?? []).SelectMany(r => r.From ?? []).Concat((spec.Egress ?? []).SelectMany(r => r.To ?? []))
                .Select(p => p.Tenant).OfType<string>();

    private static bool SameSpec(TenantIsolation a, TenantIsolation b) =>
        KubernetesJson.Serialize(a.Spec) == KubernetesJson.Serialize(b.Spec);

    private static bool IsMark(string key) => key is WellKnown.TenantLabel or WellKnown.IsolatedLabel;

    private static Dictionary<string, string>? WithoutMarks(IDictionary<string, string>? labels) =>
        labels?.Where(kv => !IsMark(kv.Key)).ToDictionary(StringComparer.Ordinal);

    private static bool SameLabels(IDictionary<string, string>? a, IDictionary<string, string>? b) =>
        (a?.Count ?? 0) == (b?.Count ?? 0) && (a is null || a.All(kv => b is not null && b.TryGetValue(kv.Key, out var v) && v == kv.Value));
}
