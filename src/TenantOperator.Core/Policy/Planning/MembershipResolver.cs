using TenantOperator.Api;
using TenantOperator.Api.Validation;
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
/// definition (see <see cref="MembershipDefinition"/>).
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
            claims[tenant.Metadata.Name] = Claim.Of(tenant, namespaces, index, options);
        }

        var owners = ClaimOwners(tenants, claims);
        var result = new Dictionary<string, TenantMembership>(StringComparer.Ordinal);
        foreach (var tenant in tenants)
        {
            var name = tenant.Metadata.Name;
            var claim = claims[name];
            var exempt = (tenant.Spec.ExemptNamespaces ?? [])
                .GroupBy(e => e.Name, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.First().Reason, StringComparer.Ordinal);
            var members = new List<string>();
            var reach = new SortedSet<string>(StringComparer.Ordinal);
            var excluded = claim.Protected.Select(ns => new ExcludedNamespace { Name = ns, Reason = ExclusionReasons.Protected }).ToList();
            foreach (var ns in claim.Candidates)
            {
                var reason = owners[ns] != name ? ExclusionReasons.ClaimedBy(owners[ns])
                    : exempt.TryGetValue(ns, out var why) ? ExclusionReasons.Exempt(why)
                    : null;
                if (reason is not null)
                {
                    excluded.Add(new ExcludedNamespace { Name = ns, Reason = reason });
                }
                else
                {
                    reach.Add(ns);
                    if (!namespaces[ns].Terminating)
                    {
                        members.Add(ns);
                    }
                }
            }

            var definition = Definition(claim, reach, excluded);
            var reported = excluded.Where(e => !namespaces[e.Name].Terminating).OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
            result[name] = new TenantMembership(members, reported, claim.Warnings, definition);
        }

        // Owners of live namespaces only: terminating ones are no one's.
        var liveOwners = owners.Where(o => !namespaces[o.Key].Terminating).ToDictionary(o => o.Key, o => o.Value, StringComparer.Ordinal);
        return (result, liveOwners);
    }

    /// <summary>
    /// The definition: the selector minus the excluded namespaces it matches, plus the named namespaces in reach. A
    /// selector the API server would refuse in a policy (a label key or value validation rejects) cannot be written, so
    /// then the definition names every namespace in reach instead.
    /// </summary>
    private static MembershipDefinition Definition(Claim claim, SortedSet<string> reach, List<ExcludedNamespace> excluded)
    {
        if (claim.Selector is not null && !claim.SelectorWritable)
        {
            return new MembershipDefinition { Named = [.. reach] };
        }

        return new MembershipDefinition
        {
            Selector = claim.Selector,
            Excluded = [.. excluded.Select(e => e.Name).Where(claim.Selected.Contains).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            Named = [.. claim.Named.Where(reach.Contains).Order(StringComparer.Ordinal)],
        };
    }

    /// <summary>The owner of each claimed namespace: the oldest claiming tenant, ties broken by name.</summary>
    private static Dictionary<string, string> ClaimOwners(IReadOnlyList<TenantIsolation> tenants, Dictionary<string, Claim> claims)
    {
        var byAge = tenants
            .OrderBy(t => t.Metadata.CreationTimestamp ?? DateTime.MaxValue)
            .ThenBy(t => t.Metadata.Name, StringComparer.Ordinal);
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tenant in byAge)
        {
            foreach (var ns in claims[tenant.Metadata.Name].Candidates)
            {
                owners.TryAdd(ns, tenant.Metadata.Name);
            }
        }

        return owners;
    }

    /// <summary>
    /// What one tenant asks for before claims are settled: the namespaces its selector matches and the existing ones
    /// it names (terminating ones included), minus the protected ones, which are set apart.
    /// </summary>
    private sealed record Claim(
        k8s.Models.V1LabelSelector? Selector,
        bool SelectorWritable,
        HashSet<string> Selected,
        List<string> Named,
        SortedSet<string> Candidates,
        List<string> Protected,
        List<string> Warnings)
    {
        public static Claim Of(TenantIsolation tenant, IReadOnlyDictionary<string, NamespaceInfo> namespaces, NamespaceLabelIndex index, PlannerOptions options)
        {
            var selector = tenant.Spec.NamespaceSelector.ToV1();
            var selected = new HashSet<string>(StringComparer.Ordinal);
            if (selector is not null && CompiledLabelSelector.TryCompile(selector) is { } compiled)
            {
                selected.UnionWith(index.Select(compiled).Select(ns => ns.Name));
            }

            var writable = selector is not null && IsWritable(tenant.Spec.NamespaceSelector!) && CompiledLabelSelector.TryCompile(selector) is not null;
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
            }

            var candidates = new SortedSet<string>(selected.Concat(named), StringComparer.Ordinal);
            var protectedOnes = candidates.Where(options.ProtectedNamespaces.Contains).ToList();
            candidates.ExceptWith(protectedOnes);
            return new Claim(selector, writable, selected, named, candidates, protectedOnes, warnings);
        }

        private static bool IsWritable(LabelSelector selector)
        {
            var errors = new List<FieldError>();
            LabelSelectorValidator.Validate(selector, FieldPath.Root("spec").Child("namespaceSelector"), errors);
            return errors.Count == 0;
        }
    }
}
