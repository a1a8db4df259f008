using k8s.Models;
using TenantOperator.Api;
using TenantOperator.Policy.Planning;
using TenantOperator.Policy.Reconciliation;
using TenantOperator.Policy.Selectors;

namespace TenantOperator.Policy.Audit;

/// <summary>
/// Finds what other NetworkPolicies in a tenant's member namespaces open across its boundary beyond what the tenant
/// declares. NetworkPolicies only add allows, so a policy in a member namespace that allows traffic from or to
/// outside the tenant (any source, an ipBlock, or a namespace that is not a member) widens the tenant's isolation
/// unless one of the tenant's own generated allows (its declared rules and DNS) already allows that traffic in the
/// same namespace, for the same or more pods, peers and ports. Pods are not known here, so selectors are assumed to
/// match and containment is only granted when it holds for any pod (see <see cref="RuleCoverage"/>).
/// </summary>
public sealed class PolicyBreachFinder : IPolicyBreachFinder
{
    /// <inheritdoc />
    public IReadOnlyList<IsolationBreach> Find(BreachQuery query)
    {
        var plan = query.Tenant;
        var members = plan.Members.ToHashSet(StringComparer.Ordinal);
        // Terminating namespaces count: their pods run until their grace period ends (or for good, when a finalizer
        // is stuck), and a policy that admits them opens the tenant meanwhile.
        var namespaces = query.Namespaces.ToList();
        var breaches = new List<IsolationBreach>();
        var others = query.PoliciesInMemberNamespaces
            .Where(p => members.Contains(p.Metadata.NamespaceProperty) && !PolicyComparer.IsManaged(p))
            .OrderBy(p => p.Metadata.NamespaceProperty, StringComparer.Ordinal)
            .ThenBy(p => p.Metadata.Name, StringComparer.Ordinal)
            .ToList();
        if (others.Count == 0)
        {
            return breaches; // the usual case: nothing but the tenant's own policies, and no need to read them
        }

        // The declared rules of the namespaces that hold other policies only: a tenant of 5,000 namespaces with one
        // team-written policy reads one namespace's rules, not 25,000 policies'.
        var withOthers = others.Select(p => p.Metadata.NamespaceProperty).ToHashSet(StringComparer.Ordinal);
        var declared = plan.Policies
            .Where(p => p.Metadata.Name != WellKnown.DefaultDenyPolicy && withOthers.Contains(p.Metadata.NamespaceProperty))
            .SelectMany(PolicyRuleView.Of)
            .GroupBy(r => r.Policy.Metadata.NamespaceProperty, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        foreach (var policy in others)
        {
            var ns = policy.Metadata.NamespaceProperty;
            var allowed = declared.GetValueOrDefault(ns) ?? [];
            foreach (var direction in PolicyRuleView.Of(policy).GroupBy(r => r.Direction))
            {
                var details = direction.SelectMany(rule => Uncovered(rule, allowed, members, namespaces, query.Cluster)).Distinct().ToList();
                if (details.Count > 0)
                {
                    breaches.Add(new IsolationBreach
                    {
                        Namespace = ns,
                        Policy = policy.Metadata.Name,
                        Direction = direction.Key,
                        Detail = string.Join("; ", details),
                    });
                }
            }
        }

        return breaches;
    }

    /// <summary>What one rule allows across the boundary that no declared rule allows, as messages.</summary>
    private static IEnumerable<string> Uncovered(PolicyRuleView rule, List<PolicyRuleView> declared, HashSet<string> members, List<NamespaceInfo> namespaces, ClusterPlan cluster)
    {
        var candidates = declared
            .Where(d => d.Direction == rule.Direction && RuleCoverage.PodsCovered(d.PodSelector, rule.PodSelector) && RuleCoverage.PortsCovered(d.Ports, rule.Ports))
            .ToList();
        var word = rule.Direction == "Ingress" ? "from" : "to";
        var ports = RuleCoverage.Describe(rule.Ports);
        if (rule.Peers is not { Count: > 0 })
        {
            if (!candidates.Any(d => d.Peers is not { Count: > 0 }))
            {
                yield return $"allows {word} anywhere {ports} (rule {rule.Index})";
            }

            yield break;
        }

        foreach (var peer in rule.Peers)
        {
            if (peer.IpBlock is { } block)
            {
                var covered = candidates.Any(d => d.Peers is not { Count: > 0 } || d.Peers.Any(p => p.IpBlock is { } b && RuleCoverage.BlockCovered(b, block)));
                if (!covered)
                {
                    yield return $"allows {word} {RuleCoverage.Describe(block)} {ports} (rule {rule.Index})";
                }

                continue;
            }

            if (peer.NamespaceSelector is null)
            {
                continue; // a podSelector alone stays inside the policy's own namespace, a member
            }

            if (candidates.Any(d => d.Peers is not { Count: > 0 }))
            {
                continue; // a declared rule allows any peer on these ports for these pods
            }

            var selector = CompiledLabelSelector.TryCompile(peer.NamespaceSelector);
            var covering = CoveringNamespaceSelectors(candidates, peer.PodSelector);
            var outside = namespaces
                .Where(n => !members.Contains(n.Name) && (selector?.Matches(n.Labels) ?? false))
                .Where(n => !covering.Any(c => c.Matches(n.Labels)))
                .OrderBy(n => n.Name, StringComparer.Ordinal)
                .Select(n => cluster.NamespaceOwners.TryGetValue(n.Name, out var owner) ? $"{n.Name} (tenant {owner})" : n.Name)
                .ToList();
            if (outside.Count > 0)
            {
                var pods = peer.PodSelector is null ? "" : $" pods {(CompiledLabelSelector.TryCompile(peer.PodSelector)?.ToString() ?? "?")} in";
                var list = ShortList.Of(outside, 5);
                yield return $"allows {word}{pods} namespaces outside the tenant: {list} {ports} (rule {rule.Index})";
            }
        }
    }

    /// <summary>
    /// The namespace selectors of the declared peers that admit every pod <paramref name="pods"/> may select, compiled
    /// once per peer rather than once per namespace tested.
    /// </summary>
    private static List<CompiledLabelSelector> CoveringNamespaceSelectors(List<PolicyRuleView> declared, V1LabelSelector? pods) =>
        declared
            .SelectMany(d => d.Peers ?? [])
            .Where(p => p.IpBlock is null && p.NamespaceSelector is not null && RuleCoverage.PodsCovered(p.PodSelector, pods))
            .Select(p => CompiledLabelSelector.TryCompile(p.NamespaceSelector))
            .OfType<CompiledLabelSelector>()
            .ToList();
}
