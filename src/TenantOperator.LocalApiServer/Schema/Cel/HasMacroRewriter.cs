using System.Text;
using System.Text.RegularExpressions;

namespace TenantOperator.LocalApiServer.Schema.Cel;

/// <summary>
/// Rewrites <c>has(x.f)</c> into <c>('f' in x)</c> before compiling. In CEL — and in Kubernetes — <c>has()</c> on
/// a JSON object tests whether the field is present; the Cel package instead answers false for a present field
/// whose value is empty (<c>{}</c>, <c>[]</c>, <c>""</c>), which would make <c>has(self.namespaces)</c> false
/// for <c>namespaces: []</c>. A key test with <c>in</c> has the presence semantics. String literals are left alone.
/// </summary>
internal static partial class HasMacroRewriter
{
    [GeneratedRegex(@"^(?<target>.*)\.\s*(?<field>[A-Za-z_][A-Za-z0-9_]*)\s*$", RegexOptions.Singleline)]
    private static partial Regex FieldSelection();

    public static string Rewrite(string expression)
    {
        var output = new StringBuilder(expression.Length + 16);
        var i = 0;
        while (i < expression.Length)
        {
            var c = expression[i];
            if (c is '"' or '\'')
            {
                var end = SkipString(expression, i);
                output.Append(expression, i, end - i);
                i = end;
                continue;
            }
            if (IsHasCall(expression, i, out var open))
            {
                var close = MatchingParen(expression, open);
                if (close > open)
                {
                    var argument = Rewrite(expression[(open + 1)..close]);
                    var selection = FieldSelection().Match(argument);
                    if (selection.Success && IsTopLevelDot(argument, selection.Groups["target"].Length))
                    {
                        output.Append("('").Append(selection.Groups["field"].Value).Append("' in (").Append(selection.Groups["target"].Value.Trim()).Append("))");
                    }
                    else
                    {
                        output.Append("has(").Append(argument).Append(')');
                    }
                    i = close + 1;
                    continue;
                }
            }
            output.Append(c);
            i++;
        }
        return output.ToString();
    }

    private static bool IsHasCall(string text, int at, out int open)
    {
        open = -1;
        if (!text.AsSpan(at).StartsWith("has") || (at > 0 && (char.IsLetterOrDigit(text[at - 1]) || text[at - 1] is '_' or '.')))
        {
            return false;
        }
        var j = at + 3;
        while (j < text.Length && char.IsWhiteSpace(text[j]))
        {
            j++;
        }
        if (j >= text.Length || text[j] != '(')
        {
            return false;
        }
        open = j;
        return true;
    }

    private static int MatchingParen(string text, int open)
    {
        foreach (var (at, depth) in Brackets(text, open, text.Length))
        {
            if (depth == 0)
            {
                return text[at] == ')' ? at : -1;
            }
        }
        return -1;
    }

    // The dot before the field must not sit inside brackets or parentheses of the target.
    private static bool IsTopLevelDot(string argument, int dotIndex) =>
        Brackets(argument, 0, dotIndex).LastOrDefault().Depth == 0;

    // Each bracket of text[from..to] outside string literals, with the nesting depth just after it.
    private static IEnumerable<(int At, int Depth)> Brackets(string text, int from, int to)
    {
        var depth = 0;
        for (var i = from; i < to; i++)
        {
            switch (text[i])
            {
                case '"' or '\'':
                    i = SkipString(text, i) - 1;
                    break;
                case '(' or '[' or '{':
                    yield return (i, ++depth);
                    break;
                case ')' or ']' or '}':
                    yield return (i, --depth);
                    break;
            }
        }
    }

    // Index just past the string literal starting at start (single, double or triple quoted).
    private static int SkipString(string text, int start)
    {
        var quote = text[start];
        var triple = start + 2 < text.Length && text[start + 1] == quote && text[start + 2] == quote;
        var i = start + (triple ? 3 : 1);
        while (i < text.Length)
        {
            if (text[i] == '\\')
            {
                i += 2;
                continue;
            }
            if (triple ? text.AsSpan(i).StartsWith(new string(quote, 3)) : text[i] == quote)
            {
                return i + (triple ? 3 : 1);
            }
            i++;
        }
        return text.Length;
    }
}
