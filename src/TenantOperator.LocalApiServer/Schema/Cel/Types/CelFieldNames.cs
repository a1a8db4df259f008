using System.Text;

namespace TenantOperator.LocalApiServer.Schema.Cel.Types;

/// <summary>
/// How a property name becomes a CEL field name (k8s.io/apiserver/pkg/cel escaping.go): <c>__</c> becomes
/// <c>__underscores__</c>, <c>.</c> <c>__dot__</c>, <c>-</c> <c>__dash__</c>, <c>/</c> <c>__slash__</c>, a CEL
/// reserved word <c>__word__</c>; a name that starts with a digit or holds any other character cannot be reached from
/// CEL at all.
/// </summary>
internal static class CelFieldNames
{
    private static readonly HashSet<string> ReservedSymbols = new(StringComparer.Ordinal)
    {
        "true", "false", "null", "in", "as", "break", "const", "continue", "else", "for", "function", "if", "import",
        "let", "loop", "package", "namespace", "return", "var", "void", "while",
    };

    /// <summary>The escaped name, or null when the property cannot be a CEL field.</summary>
    public static string? Escape(string name)
    {
        if (name.Length == 0 || char.IsAsciiDigit(name[0]))
        {
            return null;
        }

        if (ReservedSymbols.Contains(name))
        {
            return "__" + name + "__";
        }

        var builder = new StringBuilder(name.Length);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c == '_' && i + 1 < name.Length && name[i + 1] == '_')
            {
                builder.Append("__underscores__");
                i++;
            }
            else if (c == '.')
            {
                builder.Append("__dot__");
            }
            else if (c == '-')
            {
                builder.Append("__dash__");
            }
            else if (c == '/')
            {
                builder.Append("__slash__");
            }
            else if (char.IsAsciiLetterOrDigit(c) || c == '_')
            {
                builder.Append(c);
            }
            else
            {
                return null;
            }
        }

        return builder.ToString();
    }
}
