using k8s.Models;

namespace TenantOperator.Policy.Selectors;

/// <summary>
/// A metav1.LabelSelector compiled once for fast repeated matching: <c>matchLabels</c> and
/// <c>matchExpressions</c> combine with AND; an empty selector matches everything.
/// </summary>
public sealed class CompiledLabelSelector
{
    private static readonly string[] SupportedOperators = ["In", "NotIn", "Exists", "DoesNotExist"];

    private readonly LabelSelectorRequirementMatcher[] _requirements;

    private CompiledLabelSelector(LabelSelectorRequirementMatcher[] requirements) => _requirements = requirements;

    /// <summary>The empty selector <c>{}</c>: matches every set of labels.</summary>
    public static CompiledLabelSelector Everything { get; } = new([]);

    /// <summary>True when the selector has no requirement and so matches everything.</summary>
    public bool MatchesEverything => _requirements.Length == 0;

    /// <summary>The requirements, sorted by key; index-based matchers (the evaluator's label index) read them.</summary>
    internal IReadOnlyList<LabelSelectorRequirementMatcher> Requirements => _requirements;

    /// <summary>
    /// Compiles a selector. Throws <see cref="InvalidLabelSelectorException"/> for what Kubernetes rejects when it
    /// converts a selector: an unknown operator, <c>In</c>/<c>NotIn</c> without values, <c>Exists</c>/<c>DoesNotExist</c> with values.
    /// Label key and value syntax is checked by validation, not here.
    /// </summary>
    public static CompiledLabelSelector Compile(V1LabelSelector? selector)
    {
        if (selector is null)
        {
            return Everything;
        }

        var requirements = new List<LabelSelectorRequirementMatcher>();
        foreach (var (key, value) in selector.MatchLabels ?? new Dictionary<string, string>())
        {
            requirements.Add(new LabelSelectorRequirementMatcher(key, LabelSelectorOperator.In, [value]));
        }

        var expressions = selector.MatchExpressions ?? [];
        for (var i = 0; i < expressions.Count; i++)
        {
            requirements.Add(CompileExpression(expressions[i], $"matchExpressions[{i}]"));
        }

        // A stable order makes the selector's description deterministic and puts cheap key tests first.
        requirements.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return new CompiledLabelSelector([.. requirements]);
    }

    /// <summary>
    /// Compiles a selector, or returns null when Kubernetes would refuse it. For callers that treat an invalid selector
    /// as selecting nothing because validation reports it elsewhere (the planner, the event mapper, breach analysis).
    /// </summary>
    public static CompiledLabelSelector? TryCompile(V1LabelSelector selector)
    {
        try
        {
            return Compile(selector);
        }
        catch (InvalidLabelSelectorException)
        {
            return null;
        }
    }

    /// <summary>True when every requirement holds for <paramref name="labels"/> (null means no labels).</summary>
    public bool Matches(IDictionary<string, string>? labels)
    {
        if (_requirements.Length == 0)
        {
            return true;
        }

        labels ??= EmptyLabels;
        foreach (var requirement in _requirements)
        {
            if (!requirement.Matches(labels))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The selector in the string form of <c>kubectl get -l</c>, e.g. <c>app=web,tier in (a,b),!legacy</c>.</summary>
    public override string ToString()
    {
        if (_requirements.Length == 0)
        {
            return "<all>";
        }

        return string.Join(",", _requirements.Select(r => r.Operator switch
        {
            LabelSelectorOperator.In when r.Values.Count == 1 => $"{r.Key}={r.Values[0]}",
            LabelSelectorOperator.In => $"{r.Key} in ({string.Join(",", r.Values)})",
            LabelSelectorOperator.NotIn => $"{r.Key} notin ({string.Join(",", r.Values)})",
            LabelSelectorOperator.Exists => r.Key,
            _ => $"!{r.Key}",
        }));
    }

    private static readonly Dictionary<string, string> EmptyLabels = [];

    private static LabelSelectorRequirementMatcher CompileExpression(V1LabelSelectorRequirement expression, string path)
    {
        var values = (expression.Values ?? []).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var op = expression.OperatorProperty switch
        {
            "In" => LabelSelectorOperator.In,
            "NotIn" => LabelSelectorOperator.NotIn,
            "Exists" => LabelSelectorOperator.Exists,
            "DoesNotExist" => LabelSelectorOperator.DoesNotExist,
            var other => throw new InvalidLabelSelectorException(
                $"{path}.operator: Unsupported value: \"{other}\": supported values: {string.Join(", ", SupportedOperators.Select(s => $"\"{s}\""))}"),
        };

        var needsValues = op is LabelSelectorOperator.In or LabelSelectorOperator.NotIn;
        if (needsValues && values.Length == 0)
        {
            throw new InvalidLabelSelectorException($"{path}.values: Required value: must be specified when `operator` is 'In' or 'NotIn'");
        }

        if (!needsValues && values.Length > 0)
        {
            throw new InvalidLabelSelectorException($"{path}.values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
        }

        return new LabelSelectorRequirementMatcher(expression.Key, op, values);
    }
}
