using System.Text;
using TenantOperator.LocalApiServer.Http;

namespace TenantOperator.LocalApiServer.Selectors;

/// <summary>
/// A parsed <c>fieldSelector</c>: terms <c>field=value</c>, <c>field==value</c> or <c>field!=value</c>
/// joined by commas, with backslash escapes. Only the fields a resource supports may be named; any
/// other is a 400 <c>field label not supported</c>, as kube-apiserver answers.
/// </summary>
internal sealed class FieldSelector
{
    private FieldSelector(IReadOnlyList<(string Field, string Value, bool Equal)> terms)
    {
        Terms = terms;
    }

    public static FieldSelector Everything { get; } = new([]);

    public IReadOnlyList<(string Field, string Value, bool Equal)> Terms { get; }

    public bool IsEmpty => Terms.Count == 0;

    public bool Matches(IReadOnlyDictionary<string, string> fields) =>
        Terms.All(t => (fields.GetValueOrDefault(t.Field) ?? string.Empty) == t.Value == t.Equal);

    /// <summary>Parses a selector; <paramref name="mapField"/> renames fields (events.k8s.io names), and
    /// <paramref name="supported"/> says which fields the resource can select on.</summary>
    public static FieldSelector Parse(string? text, Func<string, string> mapField, Func<string, bool> supported)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var terms = new List<(string, string, bool)>();
        foreach (var term in SplitUnescaped(text, ','))
        {
            var (field, value, equal) = ParseTerm(term);
            var mapped = mapField(field);
            if (!supported(mapped))
            {
                throw new ApiException(400, "BadRequest", $"field label not supported: {field}");
            }

            terms.Add((mapped, value, equal));
        }

        return new FieldSelector(terms);
    }

    private static (string, string, bool) ParseTerm(string term)
    {
        for (var i = 0; i < term.Length; i++)
        {
            if (term[i] == '\\')
            {
                i++;
                continue;
            }

            if (term[i] == '!' && i + 1 < term.Length && term[i + 1] == '=')
            {
                return (term[..i].Trim(), Unescape(term[(i + 2)..]), false);
            }

            if (term[i] == '=')
            {
                var skip = i + 1 < term.Length && term[i + 1] == '=' ? 2 : 1;
                return (term[..i].Trim(), Unescape(term[(i + skip)..]), true);
            }
        }

        throw new ApiException(400, "BadRequest", $"invalid selector: '{term}'; can't understand '{term}'");
    }

    private static IEnumerable<string> SplitUnescaped(string text, char separator)
    {
        var current = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                current.Append(text[i]).Append(text[++i]);
            }
            else if (text[i] == separator)
            {
                yield return current.ToString();
                current.Clear();
            }
            else
            {
                current.Append(text[i]);
            }
        }

        yield return current.ToString();
    }

    private static string Unescape(string value)
    {
        var result = new StringBuilder();
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length)
            {
                i++;
            }

            result.Append(value[i]);
        }

        return result.ToString();
    }
}
