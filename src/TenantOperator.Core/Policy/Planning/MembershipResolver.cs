using TenantOperator.Api;
using TenantOperator.Policy.Selectors;

namespace TenantOperator.Policy.Planning;

/// <summary>
/// Decides which namespaces belong to which tenant: selected or named, minus terminating and protected ones; a
/// namespace two tenants select belongs to the older tenant (creationTimestamp, then name); exempt namespaces stay
/// the tenant's but unisolated.
/// </summary>
internal static class MembershipResolver
{
    public static (Dictionary<string, TenantMembership> ByTenant, Dictionary<string, string> Owners) Resolve(
        IReadOnlyList<TenantIsolation> tenants, IReadOnlyDictionary<string, NamespaceInfo> namespaces, PlannerOptions options)
    {
        var candidates = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        var warnings = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var excluded = new Dictionary<string, List<ExcludedNamespace>>(StringComparer.Ordinal);
        var live = namespaces.Values.Where(ns => !ns.Terminating).ToList();
        // Selectors are evaluated over an inverted label index: a thousand tenants over ten thousand namespaces stay cheap.
        var index = new NamespaceLabelIndex(live);
        foreach (var tenant in tenants)
        {
            var name = tenant.Metadata.Name;
            warnings[name] = [];
            excluded[name] = [];
            candidates[name] = Candidates(tenant, namespaces, index, warnings[name]);
            foreach (var ns in candidates[name].Where(options.ProtectedNamespaces.Contains).ToList())
            {
                candidates[name].Remove(ns);
                excluded[name].Add(new ExcludedNamespace { Name = ns, Reason = ExclusionReasons.Protected });
            }
        }

        var owners = ClaimOwners(tenants, candidates);
        var result = new Dictionary<string, TenantMembership>(StringComparer.Ordinal);
        foreach (var tenant in tenants)
        {
            var name = tenant.Metadata.Name;
            var exempt = (tenant.Spec.ExemptNamespaces ?? [])
                .GroupBy(e => e.Name, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.First().Reason, StringComparer.Ordinal);
            var members = new List<string>();
            foreach (var ns in candidates[name])
            {
                if (owners[ns] != name)
                {
                    excluded[name].Add(new ExcludedNamespace { Name = ns, Reason = ExclusionReasons.ClaimedBy(owners[ns]) });
                }
                else if (exempt.TryGetValue(ns, out var reason))
                {
                    excluded[name].Add(new ExcludedNamespace { Name = ns, Reason = ExclusionReasons.Exempt(reason) });
                }
                else
                {
                    members.Add(ns);
                }
            }

            excluded[name].Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            result[name] = new TenantMembership(members, excluded[name], warnings[name]);
        }

        return (result, owners);
    }

    private static SortedSet<string> Candidates(
        TenantIsolation tenant, IReadOnlyDictionary<string, NamespaceInfo> namespaces, NamespaceLabelIndex index, List<string> warnings)
    {
        var selected = new SortedSet<string>(StringComparer.Ordinal);
        if (tenant.Spec.NamespaceSelector is { } selector && CompiledLabelSelector.TryCompile(selector.ToV1()!) is { } compiled)
        {
            foreach (var ns in index.Select(compiled))
            {
                selected.Add(ns.Name);
            }
        }

        foreach (var name in tenant.Spec.Namespaces ?? [])
        {
            if (!namespaces.TryGetValue(name, out var ns))
            {
                warnings.Add($"spec.namespaces: namespace {name} does not exist");
            }
            else if (ns.Terminating)
            {
                warnings.Add($"spec.namespaces: namespace {name} is terminating");
            }
            else
            {
                selected.Add(name);
            }
        }

        return selected;
    }

    /// <summary>The owner of each claimed namespace: the oldest claiming tenant, ties broken by name.</summary>
    private static Dictionary<string, string> ClaimOwners(IReadOnlyList<TenantIsolation> tenants, Dictionary<string, SortedSet<string>> candidates)
    {
        var byAge = tenants
            .OrderBy(t => t.Metadata.CreationTimestamp ?? DateTime.MaxValue)
            .ThenBy(t => t.Metadata.Name, StringComparer.Ordinal);
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tenant in byAge)
        {
            foreach (var ns in candidates[tenant.Metadata.Name])
            {
                owners.TryAdd(ns, tenant.Metadata.Name);
            }
        }

        return owners;
    }
}
