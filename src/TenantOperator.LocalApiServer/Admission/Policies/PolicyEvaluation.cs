using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cel;
using TenantOperator.LocalApiServer.Schema.Cel;
using TenantOperator.LocalApiServer.Schema.Cel.Cost;

namespace TenantOperator.LocalApiServer.Admission.Policies;

/// <summary>What one validation decided: admit, or deny with a message and reason; <see cref="IsError"/> when it failed to evaluate.</summary>
internal sealed record PolicyDecision(bool Deny, string Message, string? Reason, bool IsError, int ExpressionIndex);

/// <summary>
/// Evaluates a compiled policy for one request and one param, as kube-apiserver's validator does
/// (plugin/policy/validating/validator.go, plugin/cel/activation.go, v1.32): match conditions first (any false:
/// nothing to decide; errors follow the failure policy), then variables, then each validation with its own
/// <c>expression '…' resulted in error: …</c> on failure, and for a validation that is not true the message from
/// its messageExpression (when a non-empty single line), else its message, else <c>failed expression: …</c>, with
/// reason Invalid unless it names one. Each evaluation is charged its cost over the actual values; one over the
/// per-call limit fails with cel-go's cancellation, and past the budget no further expression runs.
/// </summary>
internal sealed partial class PolicyEvaluation
{
    private const string OutOfBudget = "validation failed due to running out of cost budget, no further validation rules will be run";
    private const int MaxMessageBytes = 5 * 1024;

    private readonly Dictionary<string, object?> _activation;
    private readonly Dictionary<string, JsonNode?> _roots;
    private readonly bool _failClosed;

    public PolicyEvaluation(JsonObject? obj, JsonObject? oldObj, JsonObject request, JsonObject? parameters, JsonObject? namespaceObject, bool failClosed)
    {
        _failClosed = failClosed;
        _roots = new Dictionary<string, JsonNode?>(StringComparer.Ordinal)
        {
            ["object"] = obj,
            ["oldObject"] = oldObj,
            ["request"] = request,
            ["params"] = parameters,
            ["namespaceObject"] = namespaceObject,
        };
        _activation = _roots.ToDictionary(r => r.Key, r => r.Value is null ? null : CelValueConverter.ToCel(r.Value, null), StringComparer.Ordinal);
        _activation["authorizer"] = null;
    }

    [GeneratedRegex(@"\bvariables\.([_a-zA-Z][_a-zA-Z0-9]*)")]
    private static partial Regex VariableReference();

    /// <summary>The decisions of every validation, or none when a match condition is false.</summary>
    public IReadOnlyList<PolicyDecision> Run(CompiledPolicy policy)
    {
        if (MatchConditionsError(policy, out var matches) is { } matchError)
        {
            return [Error(matchError, 0)];
        }

        if (!matches)
        {
            return [];
        }

        var budget = new CelCostBudget();
        var variableErrors = EvaluateVariables(policy, budget, out var outOfBudget);
        if (outOfBudget)
        {
            return [Error(OutOfBudget, 0)];
        }

        var decisions = new List<PolicyDecision>();
        for (var i = 0; i < policy.Validations.Count; i++)
        {
            var validation = policy.Validations[i];
            var outcome = Evaluate(validation.Expression, budget, variableErrors);
            if (outcome.OutOfBudget)
            {
                return [Error(OutOfBudget, 0)];
            }

            if (outcome.Error is { } error)
            {
                decisions.Add(Error(error, i));
            }
            else if (outcome.Value is not true && outcome.Evaluated)
            {
                decisions.Add(new PolicyDecision(true, FailureMessage(validation, budget, variableErrors), validation.Reason ?? "Invalid", false, i));
            }
        }

        return decisions;
    }

    private PolicyDecision Error(string message, int index) => new(_failClosed, message, null, true, index);

    // Every condition runs; a false one wins over errors, which then follow the failure policy.
    private string? MatchConditionsError(CompiledPolicy policy, out bool matches)
    {
        matches = true;
        var budget = new CelCostBudget();
        var errors = new List<string>();
        foreach (var condition in policy.MatchConditions)
        {
            var outcome = Evaluate(condition.Expression, budget, []);
            if (outcome.OutOfBudget)
            {
                errors.Add(OutOfBudget);
                break;
            }

            if (outcome.Error is { } error)
            {
                errors.Add(error);
            }
            else if (outcome.Evaluated && outcome.Value is false)
            {
                matches = false;
                return null;
            }
        }

        if (errors.Count == 0)
        {
            return null;
        }

        matches = false;
        return errors.Count == 1 ? errors[0] : $"[{string.Join(", ", errors)}]";
    }

    private Dictionary<string, string> EvaluateVariables(CompiledPolicy policy, CelCostBudget budget, out bool outOfBudget)
    {
        outOfBudget = false;
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        _activation["variables"] = values;
        foreach (var variable in policy.Variables)
        {
            var outcome = Evaluate(variable.Expression, budget, errors, wrapErrors: false);
            if (outcome.OutOfBudget)
            {
                outOfBudget = true;
                return errors;
            }

            if (outcome.Error is { } error)
            {
                errors[variable.Name] = variable.Expression.CompileError is not null
                    ? $"composited variable \"{variable.Name}\" fails to compile: {error}"
                    : $"composited variable \"{variable.Name}\" fails to evaluate: {error}";
            }
            else
            {
                // The Cel package's size() answers a 32-bit int; CEL has only 64-bit ints, which its other functions expect.
                values[variable.Name] = outcome.Value is int small ? (long)small : outcome.Value;
            }
        }

        return errors;
    }

    private string FailureMessage(CompiledValidation validation, CelCostBudget budget, Dictionary<string, string> variableErrors)
    {
        if (validation.MessageExpression is { } messageExpression)
        {
            var outcome = Evaluate(messageExpression, budget, variableErrors);
            if (outcome.Error is null && !outcome.OutOfBudget && outcome.Value is string text)
            {
                var message = text.Trim();
                if (message.Length > 0 && System.Text.Encoding.UTF8.GetByteCount(message) <= MaxMessageBytes && !message.Contains('\n', StringComparison.Ordinal))
                {
                    return message;
                }
            }
        }

        return validation.Message.Trim().Length > 0 ? validation.Message.Trim() : "failed expression: " + validation.Expression.Source.Trim();
    }

    private Outcome Evaluate(PolicyExpression expression, CelCostBudget budget, Dictionary<string, string> variableErrors, bool wrapErrors = true)
    {
        string Wrap(string detail) => wrapErrors ? $"expression '{expression.Source}' resulted in error: {detail}" : detail;

        if (expression.CompileError is { } compileError)
        {
            return new Outcome(null, wrapErrors ? "compilation error: " + compileError : compileError, false, false);
        }

        if (expression.NotEvaluatedReason is not null || expression.Program is null)
        {
            return new Outcome(null, null, false, false);
        }

        switch (budget.Charge(expression.Cost!.Over(root => _roots.GetValueOrDefault(root))))
        {
            case CostCharge.BudgetExhausted:
                return new Outcome(null, null, true, false);
            case CostCharge.CallLimitExceeded:
                return new Outcome(null, Wrap("operation cancelled: actual cost limit exceeded"), false, false);
        }

        foreach (Match reference in VariableReference().Matches(expression.Source))
        {
            if (variableErrors.TryGetValue(reference.Groups[1].Value, out var variableError))
            {
                return new Outcome(null, Wrap(variableError), false, false);
            }
        }

        try
        {
            var result = CelRuleCompiler.Run(expression.Program, _activation);
            return result?.GetType().Name == "CelNoSuchField"
                ? new Outcome(null, Wrap("no such key"), false, false)
                : new Outcome(result, null, false, true);
        }
        catch (Exception e) when (e is CelException or CelEvaluationException or InvalidCastException or ArithmeticException or ArgumentException or IndexOutOfRangeException or KeyNotFoundException or NullReferenceException)
        {
            return new Outcome(null, Wrap(CelValidator.RuntimeErrorText(e)), false, false);
        }
    }

    private sealed record Outcome(object? Value, string? Error, bool OutOfBudget, bool Evaluated);
}
