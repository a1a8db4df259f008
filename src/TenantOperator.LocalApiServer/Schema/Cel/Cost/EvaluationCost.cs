using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Schema.Cel.Checking;

namespace TenantOperator.LocalApiServer.Schema.Cel.Cost;

/// <summary>
/// What one evaluation of an expression is charged at admission: its cost estimated over the object's actual sizes
/// (<see cref="ValueSizeEstimator"/>). Most rules' cost does not depend on any size (a <c>has()</c>, an O(1)
/// <c>size()</c>, comparisons of numbers): when the estimate is the same with every value empty and with every value
/// of unbounded size, it is that constant, and the object is not walked at all.
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

    /// <summary>The charge of an expression, constant when no size of any value changes its estimate.</summary>
    public static EvaluationCost For(CheckedExpression expression)
    {
        // Every cost function is non-decreasing in every size, so equal at both ends means equal everywhere.
        var empty = CelCostEstimator.Estimate(expression, new FixedSizes(0)).Max;
        var unbounded = CelCostEstimator.Estimate(expression, new FixedSizes(ulong.MaxValue)).Max;
        return new EvaluationCost(expression, empty == unbounded ? empty : null);
    }

    /// <summary>The charge over this value (and its old value, for transition rules).</summary>
    public ulong Over(JsonNode? self, JsonNode? oldSelf) =>
        _constant ?? CelCostEstimator.Estimate(_expression, new ValueSizeEstimator(self, oldSelf)).Max;

    /// <summary>The charge over the values the expression's variables hold (<paramref name="roots"/> by variable name).</summary>
    public ulong Over(Func<string, JsonNode?> roots) =>
        _constant ?? CelCostEstimator.Estimate(_expression, new ValueSizeEstimator(roots)).Max;

    // Every value reachable from a variable has this size.
    private sealed class FixedSizes(ulong size) : ISizeEstimator
    {
        public SizeEstimate? EstimateSize(CostNode node) => node.Path is { Count: > 0 } ? new SizeEstimate(0, size) : null;
    }
}
