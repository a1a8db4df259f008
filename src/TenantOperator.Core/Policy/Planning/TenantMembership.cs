using TenantOperator.Api;

namespace TenantOperator.Policy.Planning;

/// <summary>A tenant's member namespaces, the selected namespaces it does not get, and notes on listed names.</summary>
internal sealed record TenantMembership(IReadOnlyList<string> Members, IReadOnlyList<ExcludedNamespace> Excluded, IReadOnlyList<string> Warnings);
