using System.Diagnostics.CodeAnalysis;
using System.Text;
using Cel;
using TenantOperator.LocalApiServer.Http;
using TenantOperator.LocalApiServer.Schema.Cel.Checking;
using TenantOperator.LocalApiServer.Schema.Cel.Cost;
using TenantOperator.LocalApiServer.Schema.Cel.Syntax;
using TenantOperator.LocalApiServer.Schema.Cel.Types;
using CelType = TenantOperator.LocalApiServer.Schema.Cel.Types.CelType;

namespace TenantOperator.LocalApiServer.Schema.Cel;

/// <summary>
/// Compiles the <c>x-kubernetes-validations</c> rules of a schema. Each rule is parsed by the Cel package (its syntax
/// errors are cel-go's), checked against the Kubernetes release's CEL environment (<see cref="CelRuleEnvironment"/>:
/// a function the environment lacks is cel-go's <c>undeclared reference</c>), and its cost estimated as
/// kube-apiserver estimates it, times the number of times it may run (<see cref="RuleCostCheck"/>). A rule that
/// parses and is declared but calls a function the Cel package cannot evaluate here, or uses optional types, is
/// accepted and recorded as not evaluated, so that the server never rejects an object for a reason a real cluster
/// would not have.
/// </summary>
internal static partial class CelRuleCompiler
{
    [System.Text.RegularExpressions.GeneratedRegex(@"^Line (\d+):(\d+) ")]
    private static partial System.Text.RegularExpressions.Regex LinePrefix();

    private static readonly CelEnvironment Environment = KubernetesCelLibrary.CreateEnvironment();
    private static readonly Lock CompileLock = new();

    /// <summary>
    /// Compiles every rule in the tree; compile and cost errors are added to <paramref name="errors"/> in
    /// kube-apiserver's order (a node's children before the node), then the CRD-wide cost errors.
    /// </summary>
    public static Dictionary<SchemaNode, IReadOnlyList<CompiledRule>> CompileAll(SchemaNode root, FieldPath path, CelRuleEnvironment environment,
        List<StatusCause> errors, out IReadOnlyList<RuleCost> costs)
    {
        var compiled = new Dictionary<SchemaNode, IReadOnlyList<CompiledRule>>(ReferenceEqualityComparer.Instance);
        var check = new RuleCostCheck(errors);
        Visit(root, path, isResourceRoot: true, cardinality: 1, environment, check, compiled, errors);
        errors.AddRange(check.Total.Errors(path.ToString()));
        costs = check.Rules;
        return compiled;
    }

    /// <summary>True when the expression refers to <c>oldSelf</c> (outside string literals): a transition rule.</summary>
    public static bool UsesOldSelf(string expression) => Identifiers(expression).Any(t => t.Name == "oldSelf");

    /// <summary>Runs a compiled program with the given variables.</summary>
    public static object? Run(CelProgramDelegate program, Dictionary<string, object?> variables) => program.Invoke(variables);

    // Children first, as kube-apiserver's ValidateCustomResourceDefinitionOpenAPISchema appends them.
    private static void Visit(SchemaNode node, FieldPath path, bool isResourceRoot, ulong? cardinality, CelRuleEnvironment environment,
        RuleCostCheck costs, Dictionary<SchemaNode, IReadOnlyList<CompiledRule>> compiled, List<StatusCause> errors)
    {
        var childCardinality = RuleCostCheck.ChildCardinality(node, cardinality);
        if (node.AdditionalProperties is not null)
        {
            Visit(node.AdditionalProperties, path.Child("additionalProperties"), node.AdditionalProperties.EmbeddedResource, childCardinality, environment, costs, compiled, errors);
        }
        foreach (var (name, property) in node.PropertyList)
        {
            Visit(property, path.Child("properties").Key(name), property.EmbeddedResource, childCardinality, environment, costs, compiled, errors);
        }
        if (node.Items is not null)
        {
            Visit(node.Items, path.Child("items"), node.Items.EmbeddedResource, childCardinality, environment, costs, compiled, errors);
        }
        if (node.Validations.Count > 0)
        {
            var declaration = SchemaDeclTypes.For(node, isResourceRoot);
            var rules = new List<CompiledRule>();
            for (var i = 0; i < node.Validations.Count; i++)
            {
                var rulePath = path.Child("x-kubernetes-validations").Index(i);
                var rule = Compile(node, node.Validations[i], declaration, environment, rulePath, errors, costs, cardinality);
                rules.Add(rule);
            }
            compiled[node] = rules;
        }
    }

    private static CompiledRule Compile(SchemaNode node, ValidationRule rule, CelDeclType? declaration, CelRuleEnvironment environment,
        FieldPath rulePath, List<StatusCause> errors, RuleCostCheck costs, ulong? cardinality)
    {
        var usesOldSelf = UsesOldSelf(rule.Rule);
        var fieldPath = rule.FieldPath.Trim().Length > 0 ? RuleFieldPath.Resolve(rule.FieldPath, node) ?? "" : "";
        if (rule.Rule.Trim().Length == 0)
        {
            return new CompiledRule(rule, null, null, usesOldSelf, fieldPath, "the rule is empty");
        }
        var variables = RuleVariables(declaration, rule.OptionalOldSelf == true);
        if (!TryCompile(rule.Rule, environment, variables, out var program, out var checkedRule, out var error))
        {
            costs.ObserveRule(rulePath, 0, cardinality, declaration);
            errors.Add(new StatusCause(rulePath.Child("rule").ToString(), FieldErrorReasons.Invalid,
                $"Invalid value: {DescribeRule(rule)}: compilation failed: {error}"));
            return new CompiledRule(rule, null, null, usesOldSelf, fieldPath, "the rule does not compile");
        }
        var maxCost = RuleCostCheck.Estimate(checkedRule, declaration);
        costs.ObserveRule(rulePath, maxCost, cardinality, declaration);
        CelProgramDelegate? messageProgram = null;
        CheckedExpression? checkedMessage = null;
        EvaluationCost? messageCost = null;
        if (rule.MessageExpression.Trim().Length > 0)
        {
            if (!TryCompile(rule.MessageExpression, environment, variables, out messageProgram, out checkedMessage, out var messageError))
            {
                errors.Add(new StatusCause(rulePath.Child("messageExpression").ToString(), FieldErrorReasons.Invalid,
                    $"Invalid value: {DescribeRule(rule)}: messageExpression compilation failed: {messageError}"));
            }
            else
            {
                var messageMaxCost = RuleCostCheck.Estimate(checkedMessage, declaration);
                costs.ObserveMessageExpression(rulePath, messageMaxCost);
                messageCost = EvaluationCost.For(checkedMessage);
            }
        }
        var unsupported = UnsupportedConstruct(rule.Rule);
        if (rule.OptionalOldSelf == true)
        {
            unsupported ??= "optionalOldSelf (CEL optional types are not supported here)";
        }
        return new CompiledRule(rule, program, messageProgram, usesOldSelf, fieldPath,
            unsupported is null ? null : $"the rule uses {unsupported}, which the local apiserver's CEL library does not provide")
        {
            Cost = EvaluationCost.For(checkedRule),
            MessageCost = messageCost,
            MaxCost = maxCost,
        };
    }

    // self and oldSelf are typed by the node's schema (oldSelf is optional with optionalOldSelf).
    private static Dictionary<string, CelType> RuleVariables(CelDeclType? declaration, bool optionalOldSelf)
    {
        var self = declaration?.Type ?? CelType.Dyn;
        return new Dictionary<string, CelType>(StringComparer.Ordinal)
        {
            ["self"] = self,
            ["oldSelf"] = optionalOldSelf ? CelType.Optional(self) : self,
        };
    }

    // The Cel package parses and builds the program (its syntax errors are cel-go's texts); our checker then checks
    // the expression against the release's environment and types it for cost estimation.
    internal static bool TryCompile(string expression, CelRuleEnvironment environment, Dictionary<string, CelType> variables,
        out CelProgramDelegate? program, [NotNullWhen(true)] out CheckedExpression? checkedExpression, out string? error)
    {
        checkedExpression = null;
        try
        {
            lock (CompileLock)
            {
                program = Environment.Compile(HasMacroRewriter.Rewrite(expression));
            }
        }
        catch (CelException e)
        {
            program = null;
            // The Cel package says "Line 1:3 mismatched input ..."; Kubernetes says "ERROR: <input>:1:3: ...".
            var position = LinePrefix().Match(e.Message);
            error = position.Success
                ? $"ERROR: <input>:{position.Groups[1].Value}:{position.Groups[2].Value}: {e.Message[position.Length..]}"
                : "ERROR: <input>: " + e.Message;
            return false;
        }
        try
        {
            checkedExpression = CelChecker.Check(expression, environment.Declarations, variables);
        }
        catch (CelSyntaxException e)
        {
            // The Cel package accepted what our parser cannot read: report it rather than skip its cost.
            error = CelIssueFormatter.Format(expression, [new CelIssue(e.Offset, e.Message)]);
            program = null;
            return false;
        }
        if (checkedExpression.Issues.Count > 0)
        {
            error = checkedExpression.FormatIssues();
            program = null;
            checkedExpression = null;
            return false;
        }
        error = null;
        return true;
    }

    // The first function call or syntax our environment cannot evaluate, if any.
    internal static string? UnsupportedConstruct(string expression)
    {
        if (expression.Contains(".?", StringComparison.Ordinal) || expression.Contains("[?", StringComparison.Ordinal))
        {
            return "optional field selection";
        }
        foreach (var (name, isCall) in Identifiers(expression))
        {
            if (isCall && !KubernetesCelLibrary.KnownFunctions.Contains(name))
            {
                return name + "()";
            }
        }
        return null;
    }

    // Identifiers outside string literals, each with whether it is followed by "(" (a function call).
    private static IEnumerable<(string Name, bool IsCall)> Identifiers(string expression)
    {
        var i = 0;
        while (i < expression.Length)
        {
            var c = expression[i];
            if (c is '"' or '\'')
            {
                var triple = i + 2 < expression.Length && expression[i + 1] == c && expression[i + 2] == c;
                var closing = triple ? new string(c, 3) : c.ToString();
                i += closing.Length;
                while (i < expression.Length && !expression.AsSpan(i).StartsWith(closing))
                {
                    i += expression[i] == '\\' ? 2 : 1;
                }
                i += closing.Length;
                continue;
            }
            if (char.IsLetter(c) || c == '_')
            {
                var start = i;
                while (i < expression.Length && (char.IsLetterOrDigit(expression[i]) || expression[i] == '_'))
                {
                    i++;
                }
                var j = i;
                while (j < expression.Length && char.IsWhiteSpace(expression[j]))
                {
                    j++;
                }
                yield return (expression[start..i], j < expression.Length && expression[j] == '(');
                continue;
            }
            i++;
        }
    }

    // How Go prints the ValidationRule value in compile errors (%#v of the struct).
    private static string DescribeRule(ValidationRule rule)
    {
        var builder = new StringBuilder("apiextensions.ValidationRule{");
        builder.Append("Rule:").Append(JsonPath.GoText.Quote(rule.Rule));
        builder.Append(", Message:").Append(JsonPath.GoText.Quote(rule.Message));
        builder.Append(", MessageExpression:").Append(JsonPath.GoText.Quote(rule.MessageExpression));
        builder.Append(", Reason:").Append(rule.Reason is null ? "(*apiextensions.FieldValueErrorReason)(nil)" : $"\"{rule.Reason}\"");
        builder.Append(", FieldPath:").Append(JsonPath.GoText.Quote(rule.FieldPath));
        builder.Append(", OptionalOldSelf:").Append(rule.OptionalOldSelf is null ? "(*bool)(nil)" : rule.OptionalOldSelf.Value ? "true" : "false");
        return builder.Append('}').ToString();
    }
}
