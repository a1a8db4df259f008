using TenantOperator.Api;

namespace TenantOperator.Policy.Planning;

/// <summary>
/// A tenant's member namespaces, the selected namespaces it does not get, notes on listed names, and the definition
/// its policies and other tenants' <c>tenant:</c> peers carry.
/// </summary>
internal sealed record TenantMembership(
    IReadOnlyList<string> Members, IReadOnlyList<ExcludedNamespace> Excluded, IReadOnlyList<string> Warnings, MembershipDefinition Definition);
