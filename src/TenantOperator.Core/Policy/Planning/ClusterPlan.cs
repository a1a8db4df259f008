namespace TenantOperator.Policy.Planning;

/// <summary>
/// The plan for every tenant of a cluster, and which tenant owns each namespace. Membership is resolved for all
/// tenants up front (it is global: two tenants may claim one namespace); each tenant's policies are built the first
/// time that tenant is asked for, so a controller reconciling one tenant pays only for that tenant.
/// </summary>
public sealed class ClusterPlan
{
    private readonly Dictionary<string, Lazy<TenantPlan>> _plans;
    private readonly IReadOnlyDictionary<string, IReadOnlyList<string>> _members;

    internal ClusterPlan(
        IReadOnlyList<string> tenantNames,
        Func<string, TenantPlan> build,
        IReadOnlyDictionary<string, IReadOnlyList<string>> members,
        IReadOnlyDictionary<string, string> namespaceOwners)
    {
        TenantNames = tenantNames;
        _members = members;
        NamespaceOwners = namespaceOwners;
        _plans = tenantNames.ToDictionary(
            n => n, n => new Lazy<TenantPlan>(() => build(n), LazyThreadSafetyMode.ExecutionAndPublication), StringComparer.Ordinal);
    }

    /// <summary>The planned tenants' names, sorted.</summary>
    public IReadOnlyList<string> TenantNames { get; }

    /// <summary>Every tenant's plan, sorted by tenant name (builds them all).</summary>
    public IReadOnlyList<TenantPlan> Tenants => TenantNames.Select(n => _plans[n].Value).ToList();

    /// <summary>Member namespace or exempt namespace → the tenant it belongs to.</summary>
    public IReadOnlyDictionary<string, string> NamespaceOwners { get; }

    /// <summary>The plan of the named tenant, or null when no such tenant is planned.</summary>
    public TenantPlan? Find(string tenant) => _plans.TryGetValue(tenant, out var plan) ? plan.Value : null;

    /// <summary>A tenant's member namespaces without building its policies, or null for an unknown tenant.</summary>
    public IReadOnlyList<string>? MembersOf(string tenant) => _members.GetValueOrDefault(tenant);
}
