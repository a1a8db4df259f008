using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Schema;
using TenantOperator.LocalApiServer.Schema.Cel.Types;

namespace TenantOperator.LocalApiServer.Admission.Policies;

/// <summary>A named expression: a match condition or a variable.</summary>
internal sealed record NamedExpression(string Name, PolicyExpression Expression);

/// <summary>One validation: its expression, its messageExpression if any, its message and its reason.</summary>
internal sealed record CompiledValidation(PolicyExpression Expression, PolicyExpression? MessageExpression, string Message, string? Reason);

/// <summary>
/// A ValidatingAdmissionPolicy's spec with every expression compiled, as kube-apiserver's policy source keeps it:
/// match conditions (with <c>params</c> when the policy has a paramKind, without <c>variables</c>), variables (each
/// sees those before it), validations and their message expressions (which do not see <c>authorizer</c>).
/// </summary>
internal sealed class CompiledPolicy
{
    private CompiledPolicy(IReadOnlyList<NamedExpression> matchConditions, IReadOnlyList<NamedExpression> variables, IReadOnlyList<CompiledValidation> validations)
    {
        MatchConditions = matchConditions;
        Variables = variables;
        Validations = validations;
    }

    public IReadOnlyList<NamedExpression> MatchConditions { get; }

    public IReadOnlyList<NamedExpression> Variables { get; }

    public IReadOnlyList<CompiledValidation> Validations { get; }

    /// <summary>Compiles a (defaulted) policy spec; <paramref name="environmentFor"/> picks each expression's CEL environment.</summary>
    public static CompiledPolicy CompileSpec(JsonObject spec, Func<string, CelRuleEnvironment> environmentFor)
    {
        var hasParams = spec["paramKind"] is JsonObject;
        var conditions = new List<NamedExpression>();
        var conditionScope = new PolicyScope(hasParams, HasAuthorizer: true, VariableNames: null);
        foreach (var condition in Items(spec["matchConditions"]))
        {
            var expression = AdmissionPolicyKinds.Text(condition["expression"]).Trim();
            conditions.Add(new NamedExpression(AdmissionPolicyKinds.Text(condition["name"]), conditionScope.Compile(expression, environmentFor(expression), CelType.Bool)));
        }

        var variables = new List<NamedExpression>();
        var names = new List<string>();
        foreach (var variable in Items(spec["variables"]))
        {
            var expression = AdmissionPolicyKinds.Text(variable["expression"]);
            var scope = new PolicyScope(hasParams, HasAuthorizer: true, [.. names]);
            var name = AdmissionPolicyKinds.Text(variable["name"]);
            variables.Add(new NamedExpression(name, scope.Compile(expression, environmentFor(expression), null)));
            names.Add(name);
        }

        var validationScope = new PolicyScope(hasParams, HasAuthorizer: true, names);
        var messageScope = new PolicyScope(hasParams, HasAuthorizer: false, names);
        var validations = new List<CompiledValidation>();
        foreach (var validation in Items(spec["validations"]))
        {
            var expression = AdmissionPolicyKinds.Text(validation["expression"]);
            var messageExpression = AdmissionPolicyKinds.Text(validation["messageExpression"]);
            validations.Add(new CompiledValidation(
                validationScope.Compile(expression, environmentFor(expression), CelType.Bool),
                messageExpression.Trim().Length == 0 ? null : messageScope.Compile(messageExpression, environmentFor(messageExpression), CelType.String),
                AdmissionPolicyKinds.Text(validation["message"]),
                validation["reason"] is JsonValue reason ? AdmissionPolicyKinds.Text(reason) : null));
        }

        return new CompiledPolicy(conditions, variables, validations);
    }

    private static IEnumerable<JsonObject> Items(JsonNode? node) => (node as JsonArray ?? []).Select(item => item as JsonObject ?? []);
}
