using System.Text.RegularExpressions;

namespace TenantOperator.Tests.Monitoring;

/// <summary>
/// The metric names a PromQL expression selects. PromQL has no other bare identifiers outside label matchers
/// (<c>{...}</c>), ranges (<c>[...]</c>), label lists (<c>by (...)</c>, <c>on (...)</c>, ...) and strings, except function
/// names (always followed by a parenthesis), keywords and numbers, so dropping those leaves exactly the metric names.
/// </summary>
internal static partial class PromQlMetricNames
{
    private static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring", "group_left", "group_right", "inf", "nan", "atan2",
    };

    public static IReadOnlySet<string> Of(string expression)
    {
        var text = Strings().Replace(expression, " ");
        text = Braces().Replace(text, " ");
        text = Brackets().Replace(text, " ");
        text = LabelLists().Replace(text, " ");
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match token in Tokens().Matches(text))
        {
            var value = token.Groups["name"].Value;
            if (value.Length > 0 && !token.Groups["call"].Success && !Keywords.Contains(value))
            {
                names.Add(value);
            }
        }

        return names;
    }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`")]
    private static partial Regex Strings();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Braces();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Brackets();

    [GeneratedRegex(@"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", RegexOptions.IgnoreCase)]
    private static partial Regex LabelLists();

    // A number or duration (5m, 1e3, 0.99) is consumed whole so that its letters never read as a name.
    [GeneratedRegex(@"\d[\w.]*|(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?<call>\s*\()?")]
    private static partial Regex Tokens();
}
