using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace TenantOperator.LocalApiServer.Schema;

/// <summary>
/// Compiles a schema <c>pattern</c> (which Kubernetes runs with Go's RE2 engine) into a .NET regex that behaves
/// the same way for the patterns CRDs use:
/// <list type="bullet">
/// <item><c>\d</c>, <c>\w</c>, <c>\s</c> and their negations are ASCII-only, as in RE2 (in .NET they are Unicode).</item>
/// <item><c>$</c> matches only at the very end (RE2 without <c>(?m)</c>), not before a final newline as in .NET.</item>
/// <item>POSIX classes (<c>[[:alpha:]]</c>), <c>\pL</c>, <c>(?P&lt;name&gt;)</c> and <c>\Q...\E</c> are translated.</item>
/// <item>What RE2 rejects is rejected: lookaround, backreferences, atomic groups, possessive quantifiers.</item>
/// </list>
/// The regex runs on the non-backtracking engine, so, like RE2, it runs in linear time. It still differs from
/// RE2 in counting UTF-16 code units rather than code points for characters outside the Basic Multilingual Plane.
/// </summary>
internal static class GoRegex
{
    private static readonly ConcurrentDictionary<string, (Regex? Regex, string? Error)> Cache = new(StringComparer.Ordinal);

    private static readonly Dictionary<string, string> PosixClasses = new(StringComparer.Ordinal)
    {
        ["alnum"] = "0-9A-Za-z",
        ["alpha"] = "A-Za-z",
        ["ascii"] = "\\x00-\\x7F",
        ["blank"] = "\\t ",
        ["cntrl"] = "\\x00-\\x1F\\x7F",
        ["digit"] = "0-9",
        ["graph"] = "!-~",
        ["lower"] = "a-z",
        ["print"] = " -~",
        ["punct"] = "!-/:-@\\[-`{-~",
        ["space"] = "\\t\\n\\v\\f\\r ",
        ["upper"] = "A-Z",
        ["word"] = "0-9A-Za-z_",
        ["xdigit"] = "0-9A-Fa-f",
    };

    /// <summary>Compiles the pattern; on failure the error reads like Go's <c>regexp.Compile</c> error.</summary>
    public static bool TryCompile(string pattern, out Regex? regex, out string? error)
    {
        var (compiled, message) = Cache.GetOrAdd(pattern, Compile);
        regex = compiled;
        error = message;
        return compiled is not null;
    }

    private static (Regex?, string?) Compile(string pattern)
    {
        if (!TryTranslate(pattern, out var translated, out var error))
        {
            return (null, error);
        }
        try
        {
            return (new Regex(translated, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant), null);
        }
        catch (ArgumentException e)
        {
            return (null, "error parsing regexp: " + e.Message);
        }
        catch (NotSupportedException)
        {
            return (null, $"error parsing regexp: invalid or unsupported Perl syntax: `{pattern}`");
        }
    }

    private static bool TryTranslate(string pattern, out string translated, out string? error)
    {
        var output = new StringBuilder(pattern.Length + 16);
        var multiline = pattern.Contains("(?m", StringComparison.Ordinal) || pattern.Contains("(?sm", StringComparison.Ordinal)
            || pattern.Contains("(?im", StringComparison.Ordinal);
        var inClass = false;
        error = null;
        translated = "";
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                var next = pattern[i + 1];
                i++;
                switch (next)
                {
                    case 'd':
                        output.Append(inClass ? "0-9" : "[0-9]");
                        continue;
                    case 'D':
                        output.Append(inClass ? "\\D" : "[^0-9]");
                        continue;
                    case 'w':
                        output.Append(inClass ? "0-9A-Za-z_" : "[0-9A-Za-z_]");
                        continue;
                    case 'W':
                        output.Append(inClass ? "\\W" : "[^0-9A-Za-z_]");
                        continue;
                    case 's':
                        output.Append(inClass ? "\\t\\n\\f\\r " : "[\\t\\n\\f\\r ]");
                        continue;
                    case 'S':
                        output.Append(inClass ? "\\S" : "[^\\t\\n\\f\\r ]");
                        continue;
                    case 'p' or 'P' when i + 1 < pattern.Length && pattern[i + 1] != '{':
                        output.Append('\\').Append(next).Append('{').Append(pattern[i + 1]).Append('}');
                        i++;
                        continue;
                    case 'Q':
                        var end = pattern.IndexOf("\\E", i + 1, StringComparison.Ordinal);
                        var literal = end < 0 ? pattern[(i + 1)..] : pattern[(i + 1)..end];
                        output.Append(Regex.Escape(literal));
                        i = end < 0 ? pattern.Length : end + 1;
                        continue;
                    case >= '1' and <= '9' or 'k' or 'g':
                        error = $"error parsing regexp: invalid escape sequence: `\\{next}`";
                        return false;
                    default:
                        output.Append('\\').Append(next);
                        continue;
                }
            }
            if (inClass)
            {
                if (c == '[' && i + 1 < pattern.Length && pattern[i + 1] == ':')
                {
                    var close = pattern.IndexOf(":]", i + 2, StringComparison.Ordinal);
                    if (close > 0)
                    {
                        var name = pattern[(i + 2)..close];
                        var negated = name.StartsWith('^');
                        if (PosixClasses.TryGetValue(negated ? name[1..] : name, out var range) && !negated)
                        {
                            output.Append(range);
                            i = close + 1;
                            continue;
                        }
                        error = $"error parsing regexp: invalid character class range: `[:{name}:]`";
                        return false;
                    }
                }
                if (c == ']')
                {
                    inClass = false;
                }
                output.Append(c);
                continue;
            }
            switch (c)
            {
                case '[':
                    inClass = true;
                    output.Append(c);
                    if (i + 1 < pattern.Length && pattern[i + 1] == '^')
                    {
                        output.Append('^');
                        i++;
                    }
                    if (i + 1 < pattern.Length && pattern[i + 1] == ']')
                    {
                        // A leading ']' is a literal member of the class.
                        output.Append("\\]");
                        i++;
                    }
                    continue;
                case '(' when i + 2 < pattern.Length && pattern[i + 1] == '?':
                    var rest = pattern.AsSpan(i + 2);
                    if (rest.StartsWith("=") || rest.StartsWith("!") || rest.StartsWith("<=") || rest.StartsWith("<!")
                        || rest.StartsWith(">") || rest.StartsWith("("))
                    {
                        error = $"error parsing regexp: invalid or unsupported Perl syntax: `{pattern.Substring(i, Math.Min(3, pattern.Length - i))}`";
                        return false;
                    }
                    if (rest.StartsWith("P<"))
                    {
                        output.Append("(?<");
                        i += 3;
                        continue;
                    }
                    output.Append(c);
                    continue;
                case '+' or '*' or '?' or '}' when i + 1 < pattern.Length && pattern[i + 1] == '+':
                    error = $"error parsing regexp: invalid nested repetition operator: `{c}+`";
                    return false;
                case '$' when !multiline:
                    output.Append("\\z");
                    continue;
                default:
                    output.Append(c);
                    continue;
            }
        }
        if (inClass)
        {
            error = $"error parsing regexp: missing closing ]: `{pattern[pattern.LastIndexOf('[')..]}`";
            return false;
        }
        translated = output.ToString();
        return true;
    }
}
