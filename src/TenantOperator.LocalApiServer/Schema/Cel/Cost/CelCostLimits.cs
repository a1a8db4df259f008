using System.Globalization;

namespace TenantOperator.LocalApiServer.Schema.Cel.Cost;

/// <summary>
/// Kubernetes' CEL cost limits and the texts it refuses with: apiextensions' validation.go (the static limits, per
/// rule and per CRD) and k8s.io/apiserver/pkg/apis/cel/config.go (the runtime limits), v0.32.
/// </summary>
internal static class CelCostLimits
{
    /// <summary>The largest estimated cost of one rule, times the number of times it may run (StaticEstimatedCostLimit).</summary>
    public const ulong StaticEstimatedCostLimit = 10_000_000;

    /// <summary>The largest sum of the estimated costs of a CRD version's rules (StaticEstimatedCRDCostLimit).</summary>
    public const ulong StaticEstimatedCrdCostLimit = 100_000_000;

    /// <summary>The largest actual cost of one evaluation of one rule (PerCallLimit).</summary>
    public const ulong PerCallLimit = 1_000_000;

    /// <summary>The largest actual cost of all rule evaluations for one object (RuntimeCELCostBudget).</summary>
    public const ulong RuntimeCelCostBudget = 10_000_000;

    /// <summary>Rules that cost less than 1 % of the CRD limit are not named when the total is too high.</summary>
    public const ulong MostExpensiveThreshold = StaticEstimatedCrdCostLimit / 100;

    /// <summary>The detail of the Forbidden error for a cost over its limit (getCostErrorMessage).</summary>
    public static string ExceedsBudget(string costName, ulong cost, ulong limit)
    {
        var factor = (double)cost / limit;
        var formatted = factor switch
        {
            // Two orders of magnitude over: the rule is likely quadratic or worse, and a number would not help.
            > 100.0 => "more than 100x",
            < 1.5 => factor.ToString("F6", CultureInfo.InvariantCulture) + "x",
            _ => factor.ToString("F1", CultureInfo.InvariantCulture) + "x",
        };
        return $"{costName} exceeds budget by factor of {formatted} (try simplifying the rule, or adding maxItems, maxProperties, and maxLength where arrays, maps, and strings are declared)";
    }

    /// <summary>The detail for each of the most expensive rules when the CRD's total is over its limit.</summary>
    public const string ContributedToTotal = "contributed to estimated rule cost total exceeding cost limit for entire OpenAPIv3 schema";

    /// <summary>The name of the total in <see cref="ExceedsBudget"/>.</summary>
    public const string TotalCostName = "x-kubernetes-validations estimated rule cost total for entire OpenAPIv3 schema";

    /// <summary>The runtime error when a rule's evaluation is cancelled for exceeding <see cref="PerCallLimit"/>.</summary>
    public static string CallCostExceeded(string ruleText) =>
        $"'operation cancelled: actual cost limit exceeded': no further validation rules will be run due to call cost exceeds limit for rule: {ruleText}";

    /// <summary>The runtime error when an object's rules have used up <see cref="RuntimeCelCostBudget"/>.</summary>
    public const string BudgetExhausted = "validation failed due to running out of cost budget, no further validation rules will be run";
}
