using System.Text;

namespace TenantOperator.LocalApiServer.Schema.Cel.Checking;

/// <summary>
/// Formats issues as cel-go's common.Errors.ToDisplayString does: sorted by position, each as
/// <c>ERROR: &lt;input&gt;:LINE:COLUMN: message</c> (column counted in code points from 1) followed by the source line
/// and a line of dots ending in a caret under the position, joined by newlines.
/// </summary>
internal static class CelIssueFormatter
{
    private const int MaxSnippetLength = 16384;

    public static string Format(string source, IEnumerable<CelIssue> issues) =>
        string.Join("\n", issues.OrderBy(i => i.Offset).Select(i => Format(source, i)));

    private static string Format(string source, CelIssue issue)
    {
        var offset = Math.Clamp(issue.Offset, 0, source.Length);
        var lineStart = offset == 0 ? 0 : source.LastIndexOf('\n', offset - 1) + 1;
        var line = 1 + source.AsSpan(0, lineStart).Count('\n');
        var lineEnd = source.IndexOf('\n', lineStart);
        var snippet = source[lineStart..(lineEnd < 0 ? source.Length : lineEnd)];
        var before = source[lineStart..offset];
        var column = before.EnumerateRunes().Count();
        var result = new StringBuilder($"ERROR: <input>:{line}:{column + 1}: {issue.Message}");
        if (Encoding.UTF8.GetByteCount(snippet) <= MaxSnippetLength)
        {
            result.Append("\n | ").Append(snippet.Replace('\t', ' '));
            result.Append("\n | ");
            foreach (var rune in before.EnumerateRunes())
            {
                result.Append(rune.Utf8SequenceLength > 1 ? '\uff0e' : '.');
            }

            var at = offset < source.Length && offset < lineStart + snippet.Length ? Rune.GetRuneAt(source, offset) : new Rune(' ');
            result.Append(at.Utf8SequenceLength > 1 ? '\uff3e' : '^');
        }

        return result.ToString();
    }
}
