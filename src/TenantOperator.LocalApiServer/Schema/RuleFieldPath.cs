using System.Text;

namespace TenantOperator.LocalApiServer.Schema;

/// <summary>
/// Resolves the <c>fieldPath</c> of a validation rule (<c>.spec.port</c>, <c>.labels['app.kubernetes.io/name']</c>)
/// against the schema the rule sits on, giving the path that errors are reported at relative to it.
/// </summary>
internal static class RuleFieldPath
{
    /// <summary>The normalized relative path (<c>port</c>, <c>labels[app]</c>), or null when the path does not resolve.</summary>
    public static string? Resolve(string fieldPath, SchemaNode schema)
    {
        var text = fieldPath.Trim();
        var current = schema;
        var result = new StringBuilder();
        var i = 0;
        if (text.Length == 0)
        {
            return null;
        }
        while (i < text.Length)
        {
            string name;
            if (text[i] == '.')
            {
                var end = i + 1;
                while (end < text.Length && text[end] is not ('.' or '['))
                {
                    end++;
                }
                name = text[(i + 1)..end];
                i = end;
            }
            else if (text[i] == '[' && i + 1 < text.Length && text[i + 1] is '\'' or '"')
            {
                var quote = text[i + 1];
                var close = text.IndexOf(quote, i + 2);
                if (close < 0 || close + 1 >= text.Length || text[close + 1] != ']')
                {
                    return null;
                }
                name = text[(i + 2)..close];
                i = close + 2;
            }
            else
            {
                return null;
            }
            if (name.Length == 0)
            {
                return null;
            }
            if (current.Properties.TryGetValue(name, out var property))
            {
                if (result.Length > 0)
                {
                    result.Append('.');
                }
                result.Append(name);
                current = property;
            }
            else if (current.AdditionalProperties is { } additional)
            {
                result.Append('[').Append(name).Append(']');
                current = additional;
            }
            else
            {
                return null;
            }
        }
        return result.ToString();
    }
}
