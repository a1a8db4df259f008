namespace TenantOperator.Policy.Audit;

/// <summary>What an audited pod belongs to on the tenant map: a tenant, or a namespace no tenant isolates.</summary>
public enum PartyKind
{
    /// <summary>A TenantIsolation: the pod's namespace is one of its member namespaces.</summary>
    Tenant,

    /// <summary>A namespace that is no tenant's member (unclaimed, protected, exempt or terminating).</summary>
    Namespace,
}

/// <summary>
/// One side of the tenant boundary: a tenant (its member namespaces together), or a namespace outside every tenant.
/// A connection crosses the boundary when its two pods belong to different parties and at least one is a tenant.
/// </summary>
public sealed record Party(PartyKind Kind, string Name)
{
    /// <summary>The tenant <paramref name="name"/>.</summary>
    public static Party Tenant(string name) => new(PartyKind.Tenant, name);

    /// <summary>The namespace <paramref name="name"/>, which no tenant isolates.</summary>
    public static Party Namespace(string name) => new(PartyKind.Namespace, name);

    /// <summary>True for a tenant.</summary>
    public bool IsTenant => Kind == PartyKind.Tenant;

    /// <summary><c>tenant web</c> or <c>namespace kube-system</c>.</summary>
    public override string ToString() => IsTenant ? $"tenant {Name}" : $"namespace {Name}";
}
