using k8s.Models;
using TenantOperator.Api;
using TenantOperator.ApiMachinery;
using TenantOperator.Policy.Selectors;

namespace TenantOperator.Policy.Planning;

/// <summary>
/// Decides which namespaces belong to which tenant: selected or named, minus protected ones; a namespace two tenants
/// select belongs to the older tenant (creationTimestamp, then name); exempt namespaces stay the tenant's but
/// unisolated; terminating namespaces are no one's members. From the same decisions it writes each tenant's
/// <see cref="MembershipDefinition"/>.
/// </summary>
/// <remarks>
/// Terminating namespaces are resolved like live ones (a claim, an exemption or protection holds while they exist) but
/// are not members and are not reported in <c>excludedNamespaces</c>: one the tenant would own stays inside its
/// definition, one it would not stays excluded from it, so that a namespace starting to terminate changes no
/// definition (see <see cref="MembershipDefinition"/>). This runs whenever a namespace changes, for every tenant, so
/// it allocates little beyond its results.
/// </remarks>
internal static class MembershipResolver
{
    public static (Dictionary<string, TenantMembership> ByTenant, Dictionary<string, string> Owners) Resolve(
        IReadOnlyList<TenantIsolation> tenants, IReadOnlyDictionary<string, NamespaceInfo> namespaces, PlannerOptions options)
    {
        var claims = new Dictionary<string, Claim>(StringComparer.Ordinal);
        // Selectors are evaluated over an inverted label index: a thousand tenants over ten thousand namespaces stay cheap.
        var index = new NamespaceLabelIndex([.. namespaces.Values]);
        foreach (var tenant in tenants)
        {
            claims[tenant.Metadata.Name] = Claim.Of(tenant, namespaces, index);
        }

        var owners = ClaimOwners(tenants, claims, options);
        var result = new Dictionary<string, TenantMembership>(StringComparer.Ordinal);
        foreach (var tenant in tenants)
        {
            var name = tenant.Metadata.Name;
            result[name] = Membership(tenant, claims[name], owners, namespaces, options);
        }

        // Owners of live namespaces only: terminating ones are no one's.
        foreach (var ns in namespaces.Values.Where(n => n.Terminating))
        {
            owners.Remove(ns.Name);
        }

        return (result, owners);
    }

    private static TenantMembership Membership(
        TenantIsolation tenant, Claim claim, Dictionary<string, string> owners, IReadOnlyDictionary<string, NamespaceInfo> namespaces, PlannerOptions options)
    {
        var name = tenant.Metadata.Name;
        var exempt = tenant.Spec.ExemptNamespaces is { Count: > 0 } exemptions
            ? exemptions.GroupBy(e => e.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Reason, StringComparer.Ordinal)
            : null;
        string? ExclusionOf(string ns) =>
            options.ProtectedNamespaces.Contains(ns) ? ExclusionReasons.Protected
            : owners[ns] != name ? ExclusionReasons.ClaimedBy(owners[ns])
            : exempt is not null && exempt.TryGetValue(ns, out var why) ? ExclusionReasons.Exempt(why)
            : null;

        var members = new List<string>(claim.Candidates.Count);
        var excluded = new List<ExcludedNamespace>();
        foreach (var ns in claim.Candidates)
        {
            if (ExclusionOf(ns) is { } reason)
            {
                excluded.Add(new ExcludedNamespace { Name = ns, Reason = reason });
            }
            else if (!namespaces[ns].Terminating)
            {
                members.Add(ns);
            }
        }

        // Candidates are sorted, so members and exclusions are too.
        var reported = excluded.Where(e => !namespaces[e.Name].Terminating).ToList();
        var named = claim.Named.Where(ns => ExclusionOf(ns) is null).Order(StringComparer.Ordinal).ToList();
        return new TenantMembership(members, reported, claim.Warnings, Definition(claim, excluded, named, namespaces));
    }

    /// <summary>
    /// The definition: the selector minus the excluded namespaces it matches, plus the named namespaces in reach. A
    /// selector the API server would refuse in a policy (a label key or value validation rejects) cannot be written, so
    /// then the definition names every namespace in reach instead.
    /// </summary>
    private static MembershipDefinition Definition(
        Claim claim, List<ExcludedNamespace> excluded, List<string> named, IReadOnlyDictionary<string, NamespaceInfo> namespaces)
    {
        if (claim.Selector is null)
        {
            return named.Count == 0 ? MembershipDefinition.Nothing : new MembershipDefinition { Named = named };
        }

        var excludedNames = excluded.Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        if (!claim.SelectorWritable || claim.Compiled is null)
        {
            return new MembershipDefinition { Named = [.. claim.Candidates.Where(ns => !excludedNames.Contains(ns))] };
        }

        return new MembershipDefinition
        {
            Selector = claim.Selector,
            Excluded = [.. excluded.Where(e => claim.Compiled.Matches(namespaces[e.Name].Labels)).Select(e => e.Name)],
            Named = named,
        };
    }

    /// <summary>The owner of each claimed namespace: the oldest claiming tenant, ties broken by name. Protected namespaces have none.</summary>
    private static Dictionary<string, string> ClaimOwners(IReadOnlyList<TenantIsolation> tenants, Dictionary<string, Claim> claims, PlannerOptions options)
    {
        var byAge = tenants
            .OrderBy(t => t.Metadata.CreationTimestamp ?? DateTime.MaxValue)
            .ThenBy(t => t.Metadata.Name, StringComparer.Ordinal);
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tenant in byAge)
        {
            foreach (var ns in claims[tenant.Metadata.Name].Candidates)
            {
                if (!options.ProtectedNamespaces.Contains(ns))
                {
                    owners.TryAdd(ns, tenant.Metadata.Name);
                }
            }
        }

        return owners;
    }

    /// <summary>
    /// What one tenant asks for before claims are settled: the namespaces its selector matches and the existing ones
    /// it names, terminating ones included, sorted.
    /// </summary>
    private sealed record Claim(
        V1LabelSelector? Selector, CompiledLabelSelector? Compiled, bool SelectorWritable, List<string> Named, SortedSet<string> Candidates, List<string> Warnings)
    {
        public static Claim Of(TenantIsolation tenant, IReadOnlyDictionary<string, NamespaceInfo> namespaces, NamespaceLabelIndex index)
        {
            var selector = tenant.Spec.NamespaceSelector.ToV1();
            var compiled = selector is null ? null : CompiledLabelSelector.TryCompile(selector);
            var candidates = new SortedSet<string>(StringComparer.Ordinal);
            if (compiled is not null)
            {
                foreach (var ns in index.Select(compiled))
                {
                    candidates.Add(ns.Name);
                }
            }

            var warnings = new List<string>();
            var named = new List<string>();
            foreach (var name in (tenant.Spec.Namespaces ?? []).Distinct(StringComparer.Ordinal))
            {
                if (!namespaces.TryGetValue(name, out var ns))
                {
                    warnings.Add($"spec.namespaces: namespace {name} does not exist");
                    continue;
                }

                if (ns.Terminating)
                {
                    warnings.Add($"spec.namespaces: namespace {name} is terminating");
                }

                named.Add(name);
                candidates.Add(name);
            }

            var writable = compiled is not null && IsWritable(tenant.Spec.NamespaceSelector!);
            return new Claim(selector, compiled, writable, named, candidates, warnings);
        }

        /// <summary>True when every label key and value of the selector is one the API server takes.</summary>
        private static bool IsWritable(LabelSelector selector) =>
            (selector.MatchLabels ?? new Dictionary<string, string>()).All(l => KubernetesNames.QualifiedNameErrors(l.Key).Count == 0 && KubernetesNames.LabelValueErrors(l.Value).Count == 0)
            && (selector.MatchExpressions ?? []).All(e => KubernetesNames.QualifiedNameErrors(e.Key).Count == 0 && (e.Values ?? []).All(v => KubernetesNames.LabelValueErrors(v).Count == 0));
    }
}
