using System.Text.Encodings.Web;
using System.Text.Json;

namespace TenantOperator.Manifests;

/// <summary>
/// Text from a manifest as an error message shows it: in double quotes, with line breaks and other control characters
/// escaped as in JSON and long text cut, so that every problem stays one line however hostile the input.
/// </summary>
internal static class Quoted
{
    private const int MaxLength = 200;
    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary><paramref name="text"/> quoted: <c>"a\nb"</c>.</summary>
    public static string Of(string text) =>
        JsonSerializer.Serialize(text.Length > MaxLength ? text[..MaxLength] + "..." : text, Readable);

    /// <summary><paramref name="text"/> as it is when short, its first 40 characters and "..." when long.</summary>
    public static string Cut(string text) => text.Length <= 40 ? text : text[..40] + "...";

    /// <summary>A parser's message, which may quote the input, with its control characters escaped: one line.</summary>
    public static string OneLine(string message) => string.Concat(message.Select(c => c switch
    {
        '\n' => "\\n",
        '\r' => "\\r",
        '\t' => "\\t",
        _ when char.IsControl(c) => $"\\u{(int)c:X4}",
        _ => c.ToString(),
    }));

    /// <summary><paramref name="text"/> unquoted when it is plain, quoted when it holds anything a line cannot.</summary>
    public static string IfNeeded(string text) =>
        text.Length <= MaxLength && !text.Any(c => char.IsControl(c) || c == '"') ? text : Of(text);
}
