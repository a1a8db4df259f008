using TenantOperator.Api;

namespace TenantOperator.Policy.Audit;

/// <summary>Finds the NetworkPolicies in a tenant's namespaces that open traffic across its boundary beyond what it declares.</summary>
public interface IPolicyBreachFinder
{
    /// <summary>The breaches, one per (policy, direction, reason), in a stable order.</summary>
    IReadOnlyList<IsolationBreach> Find(BreachQuery query);
}
