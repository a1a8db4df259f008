using TenantOperator.LocalApiServer.Http;
using TenantOperator.LocalApiServer.Schema.Cel.Checking;
using TenantOperator.LocalApiServer.Schema.Cel.Types;

namespace TenantOperator.LocalApiServer.Schema.Cel.Cost;

/// <summary>
/// The static cost checks kube-apiserver makes on a CRD version's rules (apiextensions validation.go, v0.32). A
/// rule's cost is its estimated cost times the number of times it may run in one object: the product of the
/// <c>maxItems</c>/<c>maxProperties</c> of every list and map above it, or, when one of them is unbounded, as many
/// times as the smallest value of the rule's node fits in a 3 MiB request. A rule over
/// <see cref="CelCostLimits.StaticEstimatedCostLimit"/> is Forbidden at its <c>rule</c>; a message expression over it
/// (not multiplied) at its <c>messageExpression</c>; all of them together over
/// <see cref="CelCostLimits.StaticEstimatedCrdCostLimit"/> at the schema, after naming the most expensive.
/// </summary>
internal sealed class RuleCostCheck(List<StatusCause> errors)
{
    private readonly List<RuleCost> _rules = [];

    public SchemaCostTotal Total { get; } = new();

    /// <summary>Every rule and message expression observed, in kube-apiserver's order.</summary>
    public IReadOnlyList<RuleCost> Rules => _rules;

    /// <summary>The estimated cost range of one evaluation of a rule on a node with this declaration.</summary>
    public static ulong Estimate(CheckedExpression expression, CelDeclType? declaration) =>
        declaration is null ? 0 : CelCostEstimator.Estimate(expression, new SchemaSizeEstimator(declaration)).Max;

    /// <summary>
    /// How many times the children of <paramref name="node"/> may occur, given how many times the node may
    /// (null: unbounded): lists multiply by maxItems, maps by maxProperties, objects by one (extractMaxElements).
    /// </summary>
    public static ulong? ChildCardinality(SchemaNode node, ulong? cardinality)
    {
        if (cardinality is not { } bounded)
        {
            return null;
        }

        long? factor = node.Type switch
        {
            "object" when node.HasAdditionalProperties || node.AdditionalPropertiesForbidden => node.MaxProperties,
            "array" => node.MaxItems,
            _ => 1,
        };
        return factor is { } f ? MultiplyWithOverflowGuard(bounded, (ulong)Math.Max(0, f)) : null;
    }

    /// <summary>Counts a rule's cost (times its cardinality) and reports it when over the per-rule limit.</summary>
    public void ObserveRule(FieldPath rulePath, ulong maxCost, ulong? cardinality, CelDeclType? declaration)
    {
        var times = cardinality ?? UnboundedCardinality(declaration);
        var cost = MultiplyWithOverflowGuard(maxCost, times);
        var path = rulePath.Child("rule").ToString();
        if (cost > CelCostLimits.StaticEstimatedCostLimit)
        {
            errors.Add(FieldErrors.Forbidden(path, CelCostLimits.ExceedsBudget("estimated rule cost", cost, CelCostLimits.StaticEstimatedCostLimit)));
        }

        Total.Observe(path, cost);
        _rules.Add(new RuleCost(path, maxCost, cardinality ?? times, cardinality is null, cost));
    }

    /// <summary>Counts a message expression's cost (not multiplied, as kube-apiserver does) and reports it when over the limit.</summary>
    public void ObserveMessageExpression(FieldPath rulePath, ulong maxCost)
    {
        var path = rulePath.Child("messageExpression").ToString();
        if (maxCost > CelCostLimits.StaticEstimatedCostLimit)
        {
            errors.Add(FieldErrors.Forbidden(path, CelCostLimits.ExceedsBudget("estimated messageExpression cost", maxCost, CelCostLimits.StaticEstimatedCostLimit)));
        }

        Total.Observe(path, maxCost);
        _rules.Add(new RuleCost(path, maxCost, 1, false, maxCost));
    }

    // How many of the node's smallest serialized values fit in a request, one comma apart (compilation.go maxCardinality).
    private static ulong UnboundedCardinality(CelDeclType? declaration) =>
        declaration is null ? 0 : (ulong)(SchemaDeclTypes.MaxRequestSizeBytes / (declaration.MinSerializedSize + 1));

    private static ulong MultiplyWithOverflowGuard(ulong cost, ulong cardinality) =>
        cost == 0 ? 0 : ulong.MaxValue / cost < cardinality ? ulong.MaxValue : cost * cardinality;
}

/// <summary>
/// The estimated cost of one rule: <see cref="MaxCost"/> per evaluation, times <see cref="Cardinality"/> (how many
/// times it may run: from maxItems/maxProperties above it, or from the request size when
/// <see cref="CardinalityFromRequestSize"/>), which gives <see cref="Cost"/>, the number compared with the limit.
/// </summary>
internal sealed record RuleCost(string Path, ulong MaxCost, ulong Cardinality, bool CardinalityFromRequestSize, ulong Cost);
