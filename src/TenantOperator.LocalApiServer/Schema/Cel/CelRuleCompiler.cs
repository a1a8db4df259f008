using System.Text;
using Cel;

namespace TenantOperator.LocalApiServer.Schema.Cel;

/// <summary>
/// Compiles the <c>x-kubernetes-validations</c> rules of a schema with the Cel package. A rule that does not parse
/// makes the CRD invalid (as in Kubernetes). A rule that parses but calls a function our CEL environment lacks,
/// or uses optional types, is accepted and recorded as not evaluated, so that the server never rejects an object
/// for a reason a real cluster would not have.
/// </summary>
internal static partial class CelRuleCompiler
{
    [System.Text.RegularExpressions.GeneratedRegex(@"^Line (\d+):(\d+) ")]
    private static partial System.Text.RegularExpressions.Regex LinePrefix();

    private static readonly CelEnvironment Environment = KubernetesCelLibrary.CreateEnvironment();
    private static readonly Lock CompileLock = new();

    /// <summary>Compiles every rule in the tree; compile errors are added to <paramref name="errors"/>.</summary>
    public static Dictionary<SchemaNode, IReadOnlyList<CompiledRule>> CompileAll(SchemaNode root, FieldPath path, List<FieldError> errors)
    {
        var compiled = new Dictionary<SchemaNode, IReadOnlyList<CompiledRule>>(ReferenceEqualityComparer.Instance);
        Visit(root, path, compiled, errors);
        return compiled;
    }

    /// <summary>True when the expression refers to <c>oldSelf</c> (outside string literals): a transition rule.</summary>
    public static bool UsesOldSelf(string expression) => Identifiers(expression).Any(t => t.Name == "oldSelf");

    /// <summary>Runs a compiled program with the given variables.</summary>
    public static object? Run(CelProgramDelegate program, Dictionary<string, object?> variables) => program.Invoke(variables);

    private static void Visit(SchemaNode node, FieldPath path, Dictionary<SchemaNode, IReadOnlyList<CompiledRule>> compiled, List<FieldError> errors)
    {
        if (node.Validations.Count > 0)
        {
            var rules = new List<CompiledRule>();
            for (var i = 0; i < node.Validations.Count; i++)
            {
                rules.Add(Compile(node, node.Validations[i], path.Child("x-kubernetes-validations").Index(i), errors));
            }
            compiled[node] = rules;
        }
        foreach (var (name, property) in node.PropertyList)
        {
            Visit(property, path.Child("properties").Key(name), compiled, errors);
        }
        if (node.Items is not null)
        {
            Visit(node.Items, path.Child("items"), compiled, errors);
        }
        if (node.AdditionalProperties is not null)
        {
            Visit(node.AdditionalProperties, path.Child("additionalProperties"), compiled, errors);
        }
    }

    private static CompiledRule Compile(SchemaNode node, ValidationRule rule, FieldPath rulePath, List<FieldError> errors)
    {
        var usesOldSelf = UsesOldSelf(rule.Rule);
        var fieldPath = rule.FieldPath.Trim().Length > 0 ? RuleFieldPath.Resolve(rule.FieldPath, node) ?? "" : "";
        if (rule.Rule.Trim().Length == 0)
        {
            return new CompiledRule(rule, null, null, usesOldSelf, fieldPath, "the rule is empty");
        }
        if (!TryCompile(rule.Rule, out var program, out var error))
        {
            errors.Add(new FieldError(rulePath.Child("rule").ToString(), FieldErrorReasons.Invalid,
                $"Invalid value: {DescribeRule(rule)}: compilation failed: {error}"));
            return new CompiledRule(rule, null, null, usesOldSelf, fieldPath, "the rule does not compile");
        }
        CelProgramDelegate? messageProgram = null;
        if (rule.MessageExpression.Trim().Length > 0)
        {
            if (!TryCompile(rule.MessageExpression, out messageProgram, out var messageError))
            {
                errors.Add(new FieldError(rulePath.Child("messageExpression").ToString(), FieldErrorReasons.Invalid,
                    $"Invalid value: {DescribeRule(rule)}: messageExpression compilation failed: {messageError}"));
            }
        }
        var unsupported = UnsupportedConstruct(rule.Rule);
        if (rule.OptionalOldSelf == true)
        {
            unsupported ??= "optionalOldSelf (CEL optional types are not supported here)";
        }
        return new CompiledRule(rule, program, messageProgram, usesOldSelf, fieldPath,
            unsupported is null ? null : $"the rule uses {unsupported}, which the local apiserver's CEL library does not provide");
    }

    private static bool TryCompile(string expression, out CelProgramDelegate? program, out string? error)
    {
        try
        {
            lock (CompileLock)
            {
                program = Environment.Compile(HasMacroRewriter.Rewrite(expression));
            }
            error = null;
            return true;
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
    }

    // The first function call or syntax our environment cannot evaluate, if any.
    private static string? UnsupportedConstruct(string expression)
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
