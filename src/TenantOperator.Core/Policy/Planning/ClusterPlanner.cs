using TenantOperator.Api.Validation;

namespace TenantOperator.Policy.Planning;

/// <summary>
/// The planner: a pure function from every TenantIsolation and namespace to the NetworkPolicies each tenant needs
/// and the facts its status reports. The same input in any order gives the same output.
/// </summary>
public static class ClusterPlanner
{
    /// <summary>Plans every tenant that is not being deleted.</summary>
    public static ClusterPlan Plan(PlannerInput input)
    {
        var tenants = input.Tenants
            .Where(t => t.Metadata?.DeletionTimestamp is null && !string.IsNullOrEmpty(t.Metadata?.Name))
            .GroupBy(t => t.Metadata.Name, StringComparer.Ordinal)
            .Select(g => g.First())
            .OrderBy(t => t.Metadata.Name, StringComparer.Ordinal)
            .ToList();
        var namespaces = new SortedDictionary<string, NamespaceInfo>(StringComparer.Ordinal);
        foreach (var ns in input.Namespaces)
        {
            namespaces[ns.Name] = ns;
        }

        var (memberships, owners) = MembershipResolver.Resolve(tenants, namespaces, input.Options);
        var byName = tenants.ToDictionary(t => t.Metadata.Name, StringComparer.Ordinal);
        TenantMembership? MembershipOf(string tenant) => memberships.GetValueOrDefault(tenant);

        TenantPlan Build(string name)
        {
            var tenant = byName[name];
            var membership = memberships[name];
            var errors = TenantIsolationValidator.Validate(tenant);
            var warnings = new List<string>(membership.Warnings);
            IReadOnlyList<k8s.Models.V1NetworkPolicy> policies = [];
            if (errors.Count == 0)
            {
                var (planned, ruleWarnings) = TenantPolicyPlanner.Plan(tenant, membership, MembershipOf, input.Options);
                policies = planned;
                warnings.AddRange(ruleWarnings);
            }

            return new TenantPlan
            {
                Name = name,
                Tenant = tenant,
                ValidationErrors = errors,
                Members = membership.Members,
                Excluded = membership.Excluded,
                Definition = membership.Definition,
                Policies = policies,
                Peerings = errors.Count == 0 ? PeeringAnalyzer.Analyze(tenant, byName, MembershipOf) : [],
                Warnings = warnings,
            };
        }

        return new ClusterPlan(
            tenants.Select(t => t.Metadata.Name).ToList(),
            Build,
            memberships.ToDictionary(m => m.Key, m => m.Value.Members, StringComparer.Ordinal),
            owners);
    }
}
