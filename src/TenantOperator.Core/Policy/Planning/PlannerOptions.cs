using TenantOperator.Api;

namespace TenantOperator.Policy.Planning;

/// <summary>The operator's settings that shape a plan.</summary>
public sealed record PlannerOptions
{
    /// <summary>Namespaces that are never isolated: kube-system, kube-public, kube-node-lease and the operator's own.</summary>
    public IReadOnlySet<string> ProtectedNamespaces { get; init; } = new HashSet<string>(WellKnown.DefaultProtectedNamespaces, StringComparer.Ordinal);

    /// <summary>The defaults plus the operator's own namespace and any extra ones.</summary>
    public static PlannerOptions WithProtected(IEnumerable<string> extra) => new()
    {
        ProtectedNamespaces = new HashSet<string>(WellKnown.DefaultProtectedNamespaces.Concat(extra), StringComparer.Ordinal),
    };
}
