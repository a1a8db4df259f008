using TenantOperator.Policy.Evaluation;

namespace TenantOperator.Policy.Audit;

/// <summary>What <c>explain</c> prints: the cluster's verdict and the connection's place on the tenant map.</summary>
/// <param name="Verdict">The cluster's explained verdict.</param>
/// <param name="Declared">True when the declarations alone (see docs/audit.md) allow the connection.</param>
/// <param name="FromParty">The source's tenant or namespace; null for an address outside the cluster.</param>
/// <param name="ToParty">The destination's tenant or namespace; null for an address outside the cluster.</param>
/// <param name="AcrossBoundary">True when the ends are on two sides of a tenant's boundary.</param>
/// <param name="IsBreach">True when the connection crosses the boundary, is allowed and is not declared.</param>
/// <param name="OpenedBy">For a breach, what opens each side the declarations deny.</param>
public sealed record ExplainedConnection(
    ConnectionVerdict Verdict,
    bool Declared,
    Party? FromParty,
    Party? ToParty,
    bool AcrossBoundary,
    bool IsBreach,
    IReadOnlyList<BreachOpening> OpenedBy);
