using k8s.Models;
using TenantOperator.Api;
using TenantOperator.Api.Validation;

namespace TenantOperator.Policy.Planning;

/// <summary>Everything the planner decided for one tenant: membership, policies, peerings and the facts status needs.</summary>
public sealed class TenantPlan
{
    /// <summary>The tenant's name.</summary>
    public required string Name { get; init; }

    /// <summary>The tenant as planned.</summary>
    public required TenantIsolation Tenant { get; init; }

    /// <summary>Validation errors; when any, <see cref="Policies"/> is empty and the policies in place must be kept.</summary>
    public required IReadOnlyList<FieldError> ValidationErrors { get; init; }

    /// <summary>The member namespaces, sorted.</summary>
    public required IReadOnlyList<string> Members { get; init; }

    /// <summary>Selected or named namespaces that are not members, sorted by name.</summary>
    public required IReadOnlyList<ExcludedNamespace> Excluded { get; init; }

    /// <summary>How the tenant's membership appears inside policies: its intra-tenant policy and other tenants' <c>tenant:</c> peers.</summary>
    public required MembershipDefinition Definition { get; init; }

    /// <summary>The desired NetworkPolicies, sorted by namespace then name.</summary>
    public required IReadOnlyList<V1NetworkPolicy> Policies { get; init; }

    /// <summary>The tenant peers the spec declares and whether the other side returns them.</summary>
    public required IReadOnlyList<PeeringStatus> Peerings { get; init; }

    /// <summary>Parts of the spec that currently give no access, and listed namespaces that do not exist.</summary>
    public required IReadOnlyList<string> Warnings { get; init; }

    /// <summary>True when the spec passed validation.</summary>
    public bool IsValid => ValidationErrors.Count == 0;

    /// <summary>The mode in effect.</summary>
    public string Mode => Tenant.Spec.Mode();

    /// <summary>Namespaces this tenant selects that an older tenant owns.</summary>
    public IEnumerable<ExcludedNamespace> Conflicts =>
        Excluded.Where(e => e.Reason.StartsWith(ExclusionReasons.ClaimedBy(""), StringComparison.Ordinal));
}
