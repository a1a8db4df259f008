namespace TenantOperator.Manifests;

/// <summary>What YAML allows in a stream's characters, checked before parsing as go-yaml checks it.</summary>
internal static class YamlText
{
    /// <summary>
    /// Refuses characters outside YAML's printable set (tab, line breaks, U+0020–U+007E, U+0085, U+00A0–U+D7FF,
    /// U+E000–U+FFFD and the supplementary planes): NUL bytes, other control characters and U+FFFE/U+FFFF, which kubectl
    /// refuses as "control characters are not allowed". The error points at the first one.
    /// </summary>
    public static void CheckPrintable(string text)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n')
            {
                line++;
                lineStart = i + 1;
            }
            else if (!(c is '\t' or '\r' or (>= ' ' and <= '~') or '\u0085' or (>= '\u00A0' and <= '\uD7FF') or (>= '\uE000' and <= '\uFFFD') || char.IsSurrogate(c)))
            {
                throw new ManifestInputException($"control character U+{(int)c:X4} is not allowed in YAML; kubectl refuses it", line, i - lineStart + 1);
            }
        }
    }
}
