using TenantOperator.LocalApiServer.Schema.Cel.Checking;
using TenantOperator.LocalApiServer.Schema.Cel.Syntax;
using TenantOperator.LocalApiServer.Schema.Cel.Types;

namespace TenantOperator.LocalApiServer.Schema.Cel.Cost;

/// <summary>
/// Estimates the cost range of a checked CEL expression the way kube-apiserver does: cel-go's checker.Cost
/// (checker/cost.go, v0.22) with Kubernetes' library costs (<see cref="KubernetesCallCosts"/>) and the option
/// Kubernetes sets, a presence test (<c>has()</c>) costing nothing. An identifier or a selection on an object or a
/// map costs 1, a constant 0, creating a list 10 and a map 30; a call costs its arguments plus the function's own
/// cost, 1 unless the function traverses strings or lists (<c>matches</c>, <c>contains</c>, <c>==</c> on strings,
/// <c>in</c> on a list, ...), whose cost follows the sizes the <see cref="ISizeEstimator"/> gives; <c>&amp;&amp;</c>
/// and <c>||</c> cost at most both sides and at least the left, <c>?:</c> the condition and the dearer branch; a
/// comprehension (what <c>all</c>, <c>exists</c>, <c>map</c>, ... expand to) its range's size times its loop body.
/// The input is an expression and a type/size environment, the output a <see cref="CostEstimate"/>: CRD rules and
/// admission policies can both use it.
/// </summary>
internal sealed class CelCostEstimator
{
    private const double StringTraversalCostFactor = 0.1;
    private const double RegexStringLengthCostFactor = 0.25;
    private static readonly CostEstimate SelectAndIdentCost = new(1, 1);
    private static readonly CostEstimate ListCreateBaseCost = new(10, 10);
    private static readonly CostEstimate MapCreateBaseCost = new(30, 30);
    private static readonly CostEstimate StructCreateBaseCost = new(40, 40);

    private readonly CheckedExpression _checked;
    private readonly ISizeEstimator _sizes;
    private readonly KubernetesCallCosts _library;
    private readonly Dictionary<int, IReadOnlyList<string>> _paths = [];
    private readonly Dictionary<string, List<CelExpr>> _iterRanges = new(StringComparer.Ordinal);
    private readonly Dictionary<int, SizeEstimate> _computedSizes = [];

    private CelCostEstimator(CheckedExpression checkedExpression, ISizeEstimator sizes)
    {
        _checked = checkedExpression;
        _sizes = sizes;
        _library = new KubernetesCallCosts(sizes);
    }

    /// <summary>The cost range of <paramref name="expression"/> with values sized by <paramref name="sizes"/>.</summary>
    public static CostEstimate Estimate(CheckedExpression expression, ISizeEstimator sizes) =>
        new CelCostEstimator(expression, sizes).Cost(expression.Root);

    private CostEstimate Cost(CelExpr expr) => expr switch
    {
        CelLiteral => CostEstimate.Zero,
        CelIdent ident => CostIdent(ident.Id, ident.Name),
        CelSelect select when _checked.QualifiedIdentifier(select) is { } qualified => CostIdent(select.Id, qualified),
        CelSelect select => CostSelect(select),
        CelCall call => CostCall(call),
        CelCreateList list => list.Elements.Aggregate(CostEstimate.Zero, (sum, e) => sum.Add(Cost(e))).Add(ListCreateBaseCost),
        CelCreateMap map => map.Entries.Aggregate(CostEstimate.Zero, (sum, e) => sum.Add(Cost(e.Key)).Add(Cost(e.Value))).Add(MapCreateBaseCost),
        CelCreateStruct message => message.Fields.Aggregate(CostEstimate.Zero, (sum, f) => sum.Add(Cost(f.Value))).Add(StructCreateBaseCost),
        CelComprehension comprehension => CostComprehension(comprehension),
        _ => CostEstimate.Zero,
    };

    private CostEstimate CostIdent(int id, string name)
    {
        if (_iterRanges.TryGetValue(name, out var ranges) && ranges.Count > 0)
        {
            var range = ranges[^1];
            var step = _checked.TypeOf(range).Kind switch
            {
                CelTypeKind.List => "@items",
                CelTypeKind.Map => "@keys",
                // A dyn range (an admission policy's object) is a list or a map only at run time.
                CelTypeKind.Dyn => "@elements",
                _ => null,
            };
            if (step is not null)
            {
                _paths[id] = [.. PathOf(range) ?? [], step];
            }
        }
        else
        {
            _paths[id] = [name];
        }

        return SelectAndIdentCost;
    }

    private CostEstimate CostSelect(CelSelect select)
    {
        if (select.TestOnly)
        {
            // Kubernetes sets PresenceTestHasCost(false): has() adds nothing to its operand.
            return Cost(select.Operand);
        }

        var sum = Cost(select.Operand);
        if (_checked.TypeOf(select.Operand).Kind is CelTypeKind.Map or CelTypeKind.Object or CelTypeKind.TypeParam)
        {
            sum = sum.Add(SelectAndIdentCost);
        }

        _paths[select.Id] = [.. PathOf(select.Operand) ?? [], select.Field];
        return sum;
    }

    private CostEstimate CostCall(CelCall call)
    {
        var namespaced = _checked.NamespacedFunction(call);
        var function = namespaced ?? call.Function;
        var argCosts = new List<CostEstimate>(call.Args.Count);
        var argNodes = new List<CostNode>(call.Args.Count);
        foreach (var arg in call.Args)
        {
            argCosts.Add(Cost(arg));
            argNodes.Add(Node(arg));
        }

        var overloads = _checked.OverloadsOf(call);
        var sum = CostEstimate.Zero;
        CostNode? target = null;
        if (call.Target is not null && namespaced is null)
        {
            sum = sum.Add(Cost(call.Target));
            target = Node(call.Target);
        }

        if (overloads.Count == 0)
        {
            // Only a call cel-go would refuse as a type error gets here; count it as an O(1) function.
            return sum.Add(CostEstimate.One).Add(Sum(argCosts));
        }

        // A range that covers every overload the call may resolve to.
        var functionCost = new CostEstimate(ulong.MaxValue, 0);
        SizeEstimate? resultSize = null;
        foreach (var overload in overloads)
        {
            var estimate = FunctionCost(function, overload.Id, target, argNodes, argCosts);
            functionCost = functionCost.Union(estimate.Cost);
            if (estimate.ResultSize is { } size)
            {
                resultSize = resultSize is { } known ? known.Union(size) : size;
            }

            if (overload.Id == "index_list" && call.Args.Count > 0)
            {
                _paths[call.Id] = [.. PathOf(call.Args[0]) ?? [], "@items"];
            }
            else if (overload.Id == "index_map" && call.Args.Count > 0)
            {
                _paths[call.Id] = [.. PathOf(call.Args[0]) ?? [], "@values"];
            }
        }

        if (resultSize is { } result)
        {
            _computedSizes[call.Id] = result;
        }

        return sum.Add(functionCost);
    }

    private CostEstimate CostComprehension(CelComprehension comprehension)
    {
        var sum = Cost(comprehension.IterRange).Add(Cost(comprehension.AccuInit));
        if (!_iterRanges.TryGetValue(comprehension.IterVar, out var ranges))
        {
            ranges = [];
            _iterRanges[comprehension.IterVar] = ranges;
        }

        ranges.Add(comprehension.IterRange);
        var loopCost = Cost(comprehension.LoopCondition);
        var stepCost = Cost(comprehension.LoopStep);
        ranges.RemoveAt(ranges.Count - 1);
        sum = sum.Add(Cost(comprehension.Result));
        var rangeCount = SizeOf(Node(comprehension.IterRange));
        _computedSizes[comprehension.Id] = rangeCount;
        return sum.Add(rangeCount.MultiplyByCost(stepCost.Add(loopCost)));
    }

    private CallEstimate FunctionCost(string function, string overloadId, CostNode? target, IReadOnlyList<CostNode> args, IReadOnlyList<CostEstimate> argCosts)
    {
        var argSum = Sum(argCosts);
        if ((_library.EstimateOverload(overloadId, args) ?? _library.Estimate(function, overloadId, target, args)) is { } library)
        {
            return new CallEstimate(library.Cost.Add(argSum), library.ResultSize);
        }

        switch (overloadId)
        {
            case "string_format" when target is not null:
                return new CallEstimate(SizeOf(target).MultiplyByCostFactor(StringTraversalCostFactor).Add(argSum));
            case "string_to_bytes" when args.Count == 1:
                var text = SizeOf(args[0]);
                return new CallEstimate(text.MultiplyByCostFactor(StringTraversalCostFactor).Add(argSum), new SizeEstimate(text.Min, Saturating.Multiply(text.Max, 4)));
            case "bytes_to_string" when args.Count == 1:
                var bytes = SizeOf(args[0]);
                return new CallEstimate(bytes.MultiplyByCostFactor(StringTraversalCostFactor).Add(argSum), new SizeEstimate(bytes.Min / 4, bytes.Max));
            case "strings_quote" when args.Count == 1:
                var quoted = SizeOf(args[0]);
                return new CallEstimate(quoted.MultiplyByCostFactor(StringTraversalCostFactor).Add(argSum),
                    new SizeEstimate(Saturating.Add(quoted.Min, 2), Saturating.Add(Saturating.Multiply(quoted.Max, 2), 2)));
            case "starts_with_string" or "ends_with_string" when args.Count == 1:
                // As cel-go: the prefix's length, not the string's.
                return new CallEstimate(SizeOf(args[0]).MultiplyByCostFactor(StringTraversalCostFactor).Add(argSum));
            case "in_list" when args.Count == 2:
                return new CallEstimate(SizeOf(args[1]).MultiplyByCostFactor(1).Add(argSum));
            case "matches_string" when target is not null && args.Count == 1:
                var strCost = SizeOf(target).Add(SizeEstimate.One).MultiplyByCostFactor(StringTraversalCostFactor);
                var regexCost = SizeOf(args[0]).MultiplyByCostFactor(RegexStringLengthCostFactor);
                return new CallEstimate(strCost.Multiply(regexCost).Add(argSum));
            case "contains_string" when target is not null && args.Count == 1:
                var haystack = SizeOf(target).MultiplyByCostFactor(StringTraversalCostFactor);
                var needle = SizeOf(args[0]).MultiplyByCostFactor(StringTraversalCostFactor);
                return new CallEstimate(haystack.Multiply(needle).Add(argSum));
            case "logical_or" or "logical_and" when argCosts.Count == 2:
                // The right side may be skipped: at least the left, at most both.
                return new CallEstimate(new CostEstimate(argCosts[0].Min, argCosts[0].Add(argCosts[1]).Max));
            case "conditional" when args.Count == 3:
                var branchSize = SizeOf(args[1]).Union(SizeOf(args[2]));
                return new CallEstimate(argCosts[0].Add(argCosts[1].Union(argCosts[2])), branchSize);
            case "add_string" or "add_bytes" or "add_list" when args.Count == 2:
                var joined = SizeOf(args[0]).Add(SizeOf(args[1]));
                return overloadId == "add_list"
                    ? new CallEstimate(CostEstimate.One.Add(argSum), joined)
                    : new CallEstimate(joined.MultiplyByCostFactor(StringTraversalCostFactor).Add(argSum), joined);
            case "less_string" or "greater_string" or "less_equals_string" or "greater_equals_string"
                or "less_bytes" or "greater_bytes" or "less_equals_bytes" or "greater_equals_bytes"
                or "equals" or "not_equals" when args.Count == 2:
                // Comparing stops at the end of the shorter operand; two scalars cost 1.
                var smallestMax = Math.Min(SizeOf(args[0]).Max, SizeOf(args[1]).Max);
                return new CallEstimate(new CostEstimate(smallestMax > 0 ? 1UL : 0, smallestMax).MultiplyByCostFactor(StringTraversalCostFactor).Add(argSum));
            default:
                return new CallEstimate(CostEstimate.One.Add(argSum));
        }
    }

    private static CostEstimate Sum(IEnumerable<CostEstimate> costs) => costs.Aggregate(CostEstimate.Zero, (sum, c) => sum.Add(c));

    private IReadOnlyList<string>? PathOf(CelExpr expr) => _paths.GetValueOrDefault(expr.Id);

    private CostNode Node(CelExpr expr)
    {
        var path = PathOf(expr);
        if (path is { Count: > 0 } && path[0] == CelOperators.Accumulator)
        {
            // Only variables have paths; the accumulator of a comprehension does not.
            path = null;
        }

        SizeEstimate? derived = _computedSizes.TryGetValue(expr.Id, out var computed) ? computed : null;
        return new CostNode(path, _checked.TypeOf(expr), expr, derived ?? LiteralSize(expr));
    }

    // What the expression tells by itself: a literal's length (1 for scalars), a list or map literal's entry count.
    private static SizeEstimate? LiteralSize(CelExpr expr)
    {
        ulong? size = expr switch
        {
            CelLiteral { Value: string text } => (ulong)text.EnumerateRunes().Count(),
            CelLiteral { Value: byte[] bytes } => (ulong)bytes.Length,
            CelLiteral => 1,
            CelCreateList list => (ulong)list.Elements.Count,
            CelCreateMap map => (ulong)map.Entries.Count,
            _ => null,
        };
        return size is { } known ? new SizeEstimate(known, known) : null;
    }

    // cel-go's coster.sizeEstimate: computed, else estimated, else 1 for scalars, else unknown.
    private SizeEstimate SizeOf(CostNode node) =>
        node.ComputedSize ?? _sizes.EstimateSize(node) ?? (node.Type.IsScalar ? SizeEstimate.One : SizeEstimate.Unknown);
}
