using System.Globalization;
using System.Text;

namespace TenantOperator.LocalApiServer.Http.Bodies;

/// <summary>
/// Unescapes the content of a JSON string (already checked for syntax) as Go's encoding/json does: a
/// <c>\u</c> escape of a lone UTF-16 surrogate, or of a surrogate pair in the wrong order, becomes U+FFFD
/// instead of failing.
/// </summary>
internal static class GoUnquote
{
    public static string Unescape(ReadOnlySpan<byte> content)
    {
        var builder = new StringBuilder(content.Length);
        var runStart = 0;
        var i = 0;
        while (i < content.Length)
        {
            if (content[i] != (byte)'\\')
            {
                i++;
                continue;
            }

            builder.Append(Encoding.UTF8.GetString(content[runStart..i]));
            var escape = (char)content[i + 1];
            if (escape != 'u')
            {
                builder.Append(escape switch
                {
                    'b' => '\b',
                    'f' => '\f',
                    'n' => '\n',
                    'r' => '\r',
                    't' => '\t',
                    _ => escape, // '"', '\\' and '/' stand for themselves
                });
                i += 2;
            }
            else
            {
                var unit = Hex4(content, i + 2);
                i += 6;
                if (char.IsHighSurrogate(unit) && i + 6 <= content.Length && content[i] == (byte)'\\' && content[i + 1] == (byte)'u'
                    && char.IsLowSurrogate(Hex4(content, i + 2)))
                {
                    builder.Append(unit).Append(Hex4(content, i + 2));
                    i += 6;
                }
                else
                {
                    builder.Append(char.IsSurrogate(unit) ? '\uFFFD' : unit);
                }
            }

            runStart = i;
        }

        builder.Append(Encoding.UTF8.GetString(content[runStart..]));
        return builder.ToString();
    }

    private static char Hex4(ReadOnlySpan<byte> content, int start) =>
        (char)int.Parse(Encoding.ASCII.GetString(content.Slice(start, 4)), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
