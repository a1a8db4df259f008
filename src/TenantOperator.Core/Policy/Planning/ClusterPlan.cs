namespace TenantOperator.Policy.Planning;

/// <summary>The plan for every tenant of a cluster, and which tenant owns each namespace.</summary>
public sealed class ClusterPlan(IReadOnlyList<TenantPlan> tenants, IReadOnlyDictionary<string, string> namespaceOwners)
{
    private readonly Dictionary<string, TenantPlan> _byName = tenants.ToDictionary(t => t.Name, StringComparer.Ordinal);

    /// <summary>The tenant plans, sorted by tenant name.</summary>
    public IReadOnlyList<TenantPlan> Tenants { get; } = tenants;

    /// <summary>Member namespace → the tenant it belongs to (exempt namespaces included: they are the tenant's, unisolated).</summary>
    public IReadOnlyDictionary<string, string> NamespaceOwners { get; } = namespaceOwners;

    /// <summary>The plan of the named tenant, or null.</summary>
    public TenantPlan? Find(string tenant) => _byName.GetValueOrDefault(tenant);
}
