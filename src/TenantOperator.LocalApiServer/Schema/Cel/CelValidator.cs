using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cel;
using TenantOperator.LocalApiServer.Http;
using TenantOperator.LocalApiServer.JsonPath;
using TenantOperator.LocalApiServer.Schema.Cel.Cost;

namespace TenantOperator.LocalApiServer.Schema.Cel;

/// <summary>
/// Evaluates the compiled <c>x-kubernetes-validations</c> rules over an object, walking it with its schema as
/// kube-apiserver does: <c>self</c> is the value at the rule's node, <c>oldSelf</c> its correlated old value
/// (by field name, or by map-list keys for list items); transition rules (those using oldSelf) run only on
/// updates where an old value exists. A failing rule gives the error its reason asks for, at its node or
/// fieldPath, with its message, its messageExpression's result, or <c>failed rule: &lt;rule&gt;</c>; the bad value
/// Kubernetes shows is the schema type (<c>Invalid value: "object"</c>). On update, unchanged values are not
/// re-checked by rules that do not use oldSelf (validation ratcheting). Every rule kube-apiserver would run is charged
/// to the object's <see cref="CelCostBudget"/> first, even one this server cannot evaluate or skips as unchanged;
/// past a limit, validation stops with Kubernetes' error.
/// </summary>
internal sealed partial class CelValidator(IReadOnlyDictionary<SchemaNode, IReadOnlyList<CompiledRule>> rules)
{
    private const string MessageBudgetExhausted = "messageExpression evaluation failed due to running out of cost budget, no further validation rules will be run";

    [GeneratedRegex("field '([^']*)'")]
    private static partial Regex MissingField();

    /// <summary>Validates one object with a fresh runtime cost budget.</summary>
    public void Validate(JsonNode? value, JsonNode? oldValue, bool hasOld, SchemaNode schema, FieldPath path, bool isResourceRoot, List<StatusCause> errors) =>
        Validate(value, oldValue, hasOld, schema, path, isResourceRoot, new CelCostBudget(), chargeOnly: false, errors);

    private void Validate(JsonNode? value, JsonNode? oldValue, bool hasOld, SchemaNode schema, FieldPath path, bool isResourceRoot,
        CelCostBudget budget, bool chargeOnly, List<StatusCause> errors)
    {
        if (value is null || budget.Stopped)
        {
            return;
        }
        // Below an unchanged value rules are not evaluated (ratcheting), but kube-apiserver still runs and charges them.
        var unchanged = chargeOnly || (hasOld && GoValues.DeepEquals(value, oldValue));
        if (rules.TryGetValue(schema, out var compiled) && compiled.Any(r => r.Cost is not null))
        {
            if (budget.IsEmpty)
            {
                budget.Stop();
                errors.Add(FieldErrors.Invalid(path.ToString(), schema.Type, CelCostLimits.BudgetExhausted));
                return;
            }
            Dictionary<string, object?>? variables = null;
            foreach (var rule in compiled)
            {
                // A transition rule runs only with an old value, unless optionalOldSelf lets it run without one.
                if (rule.Cost is null || (rule.UsesOldSelf && !hasOld && rule.Rule.OptionalOldSelf != true))
                {
                    continue;
                }
                switch (budget.Charge(rule.Cost.Over(value, oldValue)))
                {
                    case CostCharge.CallLimitExceeded:
                        errors.Add(FieldErrors.Invalid(path.ToString(), schema.Type, CelCostLimits.CallCostExceeded(ErrorText(rule.Rule))));
                        return;
                    case CostCharge.BudgetExhausted:
                        errors.Add(FieldErrors.Invalid(path.ToString(), schema.Type, CelCostLimits.BudgetExhausted));
                        return;
                }
                if (rule.Program is null || rule.NotEvaluatedReason is not null || (!rule.UsesOldSelf && unchanged))
                {
                    continue;
                }
                variables ??= new Dictionary<string, object?>(StringComparer.Ordinal)
                {
                    ["self"] = CelValueConverter.ToCel(value, schema, isResourceRoot),
                    ["oldSelf"] = hasOld ? CelValueConverter.ToCel(oldValue, schema, isResourceRoot) : null,
                };
                Evaluate(rule, variables, value, oldValue, budget, schema, path, errors);
                if (budget.Stopped)
                {
                    return;
                }
            }
        }
        switch (value)
        {
            case JsonObject obj:
                var oldObj = hasOld ? oldValue as JsonObject : null;
                foreach (var (key, member) in obj)
                {
                    var memberSchema = schema.ForMember(key);
                    if (memberSchema is null)
                    {
                        continue;
                    }
                    var memberPath = schema.Properties.ContainsKey(key) ? path.Child(key) : path.Key(key);
                    var memberHasOld = oldObj is not null && oldObj.TryGetPropertyValue(key, out _);
                    Validate(member, memberHasOld ? oldObj![key] : null, memberHasOld, memberSchema, memberPath, false, budget, unchanged, errors);
                }
                break;
            case JsonArray array when schema.Items is { } items:
                var correlation = hasOld && oldValue is JsonArray oldItems ? ListCorrelation.For(schema, oldItems) : null;
                for (var i = 0; i < array.Count; i++)
                {
                    JsonNode? oldItem = null;
                    var itemHasOld = correlation is not null && correlation.TryFind(array[i], out oldItem);
                    Validate(array[i], oldItem, itemHasOld, items, path.Index(i), false, budget, unchanged, errors);
                }
                break;
        }
    }

    private static void Evaluate(CompiledRule rule, Dictionary<string, object?> variables, JsonNode value, JsonNode? oldValue, CelCostBudget budget,
        SchemaNode schema, FieldPath path, List<StatusCause> errors)
    {
        object? result;
        try
        {
            result = CelRuleCompiler.Run(rule.Program!, variables);
        }
        catch (Exception e) when (e is CelException or CelEvaluationException or InvalidCastException or ArithmeticException or ArgumentException or IndexOutOfRangeException)
        {
            errors.Add(EvaluationError(e, rule, schema, path));
            return;
        }
        if (result is bool passed)
        {
            if (!passed && RuleFailure(rule, variables, value, oldValue, budget, schema, path, errors) is { } failure)
            {
                errors.Add(failure);
            }
            return;
        }
        // The Cel package returns some runtime errors (a missing map key) as values instead of throwing.
        var detail = result?.GetType().Name == "CelNoSuchField" ? "no such key" : "no such overload";
        errors.Add(FieldErrors.Invalid(path.ToString(), schema.Type, detail == "no such key"
            ? $"no such key evaluating rule: {ErrorText(rule.Rule)}"
            : $"'{detail}': call arguments did not match a supported operator, function or macro signature for rule: {ErrorText(rule.Rule)}"));
    }

    private static StatusCause EvaluationError(Exception error, CompiledRule rule, SchemaNode schema, FieldPath path)
    {
        var ruleText = ErrorText(rule.Rule);
        if (error is CelNoSuchOverloadException)
        {
            return FieldErrors.Invalid(path.ToString(), schema.Type, $"'no such overload': call arguments did not match a supported operator, function or macro signature for rule: {ruleText}");
        }
        return FieldErrors.Invalid(path.ToString(), schema.Type, $"{RuntimeErrorText(error)} evaluating rule: {ruleText}");
    }

    /// <summary>What cel-go says for a runtime error the Cel package throws (<c>no such key: x</c>, <c>division by zero</c>).</summary>
    public static string RuntimeErrorText(Exception error) => error switch
    {
        CelNoSuchOverloadException => "no such overload",
        CelNoSuchFieldException when MissingField().Match(error.Message) is { Success: true } m => "no such key: " + m.Groups[1].Value,
        CelDivideByZeroException => "division by zero",
        CelModulusByZeroException => "modulus by zero",
        CelOverflowException or OverflowException => "integer overflow",
        CelArgumentRangeException => "index out of range",
        _ => error.Message,
    };

    private static StatusCause? RuleFailure(CompiledRule rule, Dictionary<string, object?> variables, JsonNode value, JsonNode? oldValue,
        CelCostBudget budget, SchemaNode schema, FieldPath path, List<StatusCause> errors)
    {
        var errorPath = rule.NormalizedFieldPath.Length > 0 ? Join(path, rule.NormalizedFieldPath) : path.ToString();
        switch (rule.MessageCost is { } messageCost ? budget.Charge(messageCost.Over(value, oldValue)) : CostCharge.Allowed)
        {
            case CostCharge.CallLimitExceeded:
                errors.Add(FieldErrors.Invalid(errorPath, schema.Type,
                    $"no further validation rules will be run due to call cost exceeds limit for messageExpression: {GoText.Quote(rule.Rule.MessageExpression)}"));
                return null;
            case CostCharge.BudgetExhausted:
                errors.Add(FieldErrors.Invalid(errorPath, schema.Type, MessageBudgetExhausted));
                return null;
        }
        var message = rule.MessageProgram is not null && TryMessage(rule.MessageProgram, variables, out var evaluated)
            ? evaluated
            : rule.Rule.Message.Length == 0 ? "failed rule: " + ErrorText(rule.Rule) : rule.Rule.Message.Trim();
        return rule.Rule.Reason switch
        {
            FieldErrorReasons.Forbidden => FieldErrors.Forbidden(errorPath, message),
            FieldErrorReasons.Required => FieldErrors.Required(errorPath, message),
            FieldErrorReasons.Duplicate => FieldErrors.Duplicate(errorPath, schema.Type),
            _ => FieldErrors.Invalid(errorPath, schema.Type, message),
        };
    }

    private static bool TryMessage(CelProgramDelegate program, Dictionary<string, object?> variables, out string message)
    {
        message = "";
        try
        {
            if (CelRuleCompiler.Run(program, variables) is string text && text.Trim().Length > 0 && !text.Contains('\n', StringComparison.Ordinal))
            {
                message = text.Trim();
                return true;
            }
        }
        catch (Exception e) when (e is CelException or CelEvaluationException or InvalidCastException or ArithmeticException or ArgumentException)
        {
            // Kubernetes falls back to the rule's message when the messageExpression fails.
        }
        return false;
    }

    private static string Join(FieldPath path, string relative) =>
        path.IsRoot ? relative : relative.StartsWith('[') ? path.Value + relative : path.Value + "." + relative;

    private static string ErrorText(ValidationRule rule) => rule.Message.Length > 0 ? rule.Message.Trim() : rule.Rule.Trim();
}
