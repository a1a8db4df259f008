namespace TenantOperator.Manifests;

/// <summary>
/// Splits a YAML stream into documents as kubectl does (k8s.io/apimachinery's YAMLReader) before parsing each one on
/// its own: a line that starts with <c>---</c> ends a document; only spaces or a comment may follow it on that line
/// (<c>--- {a: 1}</c> is refused, as kubectl refuses it); empty documents are skipped. So a syntax error in one document
/// does not hide the others, and anchors never cross a separator.
/// </summary>
internal static class YamlDocumentSplitter
{
    /// <summary>A document's text and the line (1-based) of the stream it starts on.</summary>
    public readonly record struct Chunk(string Text, long FirstLine);

    /// <summary>The documents of <paramref name="text"/>; throws at an invalid separator, after yielding the documents before it.</summary>
    public static IEnumerable<Chunk> Split(string text)
    {
        var start = 0;
        var startLine = 1L;
        var line = 1L;
        var position = 0;
        while (position < text.Length)
        {
            var end = text.IndexOf('\n', position);
            var next = end < 0 ? text.Length : end + 1;
            if (string.CompareOrdinal(text, position, "---", 0, 3) == 0)
            {
                if (position > start)
                {
                    yield return new Chunk(text[start..position], startLine);
                }

                var rest = text.AsSpan(position + 3, next - position - 3).Trim();
                if (rest.Length > 0 && rest[0] != '#')
                {
                    throw new ManifestInputException($"invalid document separator: {Quoted.Of(rest.ToString())} follows --- on the same line; kubectl refuses it", line, 1);
                }

                start = next;
                startLine = line + 1;
            }

            position = next;
            line++;
        }

        if (text.Length > start)
        {
            yield return new Chunk(text[start..], startLine);
        }
    }
}
