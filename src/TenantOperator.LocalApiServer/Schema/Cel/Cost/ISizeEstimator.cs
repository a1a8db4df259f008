using TenantOperator.LocalApiServer.Schema.Cel.Syntax;
using TenantOperator.LocalApiServer.Schema.Cel.Types;

namespace TenantOperator.LocalApiServer.Schema.Cel.Cost;

/// <summary>
/// A node as the cost estimator describes it to a size estimator (cel-go checker.AstNode): <see cref="Path"/> is the
/// way from a variable to the value (<c>["self", "spec", "ports", "@items", "name"]</c>; <c>@items</c>, <c>@keys</c>,
/// <c>@elements</c> (the items or keys of a range typed dyn)
/// and <c>@values</c> step into lists and maps), null when the value is not reachable from a variable;
/// <see cref="ComputedSize"/> is what the expression itself tells (a literal's length, a concatenation's sum).
/// </summary>
internal sealed record CostNode(IReadOnlyList<string>? Path, CelType Type, CelExpr? Expr, SizeEstimate? ComputedSize);

/// <summary>
/// The type/size environment of cost estimation: the largest size a variable's value (or a part of it) can have.
/// For CRD rules the schema bounds it (<see cref="SchemaSizeEstimator"/>); admission policies will bound their own
/// variables. Returns null when it cannot tell.
/// </summary>
internal interface ISizeEstimator
{
    SizeEstimate? EstimateSize(CostNode node);
}
