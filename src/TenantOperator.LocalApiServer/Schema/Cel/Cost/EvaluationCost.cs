using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Schema.Cel.Checking;
using TenantOperator.LocalApiServer.Schema.Cel.Types;

namespace TenantOperator.LocalApiServer.Schema.Cel.Cost;

/// <summary>
/// What one evaluation of an expression is charged at admission: its cost estimated over the object's actual sizes
/// (<see cref="ValueSizeEstimator"/>). Most rules' cost does not depend on any size (a <c>has()</c>, an O(1)
/// <c>size()</c>, comparisons of numbers): when the estimate is the same with every value empty and with every value
/// as large as the schema allows, it is that constant, and the object is not walked at all.
/// </summary>
internal sealed class EvaluationCost
{
    private readonly CheckedExpression _expression;
    private readonly ulong? _constant;

    private EvaluationCost(CheckedExpression expression, ulong? constant)
    {
        _expression = expression;
        _constant = constant;
    }

    /// <summary>The charge of an expression on a node with this declaration, whose static estimate is <paramref name="maxCost"/>.</summary>
    public static EvaluationCost For(CheckedExpression expression, CelDeclType? declaration, ulong maxCost)
    {
        // Every cost function is non-decreasing in every size, so equal at both ends means equal everywhere.
        var empty = CelCostEstimator.Estimate(expression, new EmptySizes()).Max;
        return new EvaluationCost(expression, declaration is not null && empty == maxCost ? maxCost : null);
    }

    /// <summary>The charge over this value (and its old value, for transition rules).</summary>
    public ulong Over(JsonNode? self, JsonNode? oldSelf) =>
        _constant ?? CelCostEstimator.Estimate(_expression, new ValueSizeEstimator(self, oldSelf)).Max;

    // Every value reachable from a variable is empty.
    private sealed class EmptySizes : ISizeEstimator
    {
        public SizeEstimate? EstimateSize(CostNode node) => node.Path is { Count: > 0 } ? new SizeEstimate(0, 0) : null;
    }
}
