using System.Text;

namespace TenantOperator.LocalApiServer.Tests.Fuzz;

/// <summary>One generated request, sent byte for byte as it reads here.</summary>
/// <param name="Method">The HTTP method, valid or not.</param>
/// <param name="Path">The raw path, escapes and dot segments as they are.</param>
/// <param name="Query">The raw <c>name=value</c> pairs, escaped as they are.</param>
/// <param name="ContentType">The Content-Type header, if any.</param>
/// <param name="Body">The body bytes.</param>
/// <param name="Headers">More header lines (<c>Name: value</c>).</param>
public sealed record FuzzRequest(string Method, string Path, IReadOnlyList<string> Query, string? ContentType, byte[] Body, IReadOnlyList<string> Headers)
{
    public string Target => Query.Count == 0 ? Path : Path + "?" + string.Join('&', Query);

    public byte[] ToBytes() => RawHttp.Request(Method, Target, ContentType, Body, Headers);

    /// <summary>The request as a reader needs it in a failure report: long parts shortened.</summary>
    public override string ToString()
    {
        var body = Encoding.UTF8.GetString(Body);
        return $"{Method} {Shorten(Target, 300)}\n  Content-Type: {ContentType ?? "(none)"}\n  headers: {string.Join(" | ", Headers.Select(h => Shorten(h, 80)))}\n  body ({Body.Length} bytes): {Shorten(body, 400)}";
    }

    private static string Shorten(string text, int length) => text.Length <= length ? text : text[..length] + $"... ({text.Length} chars)";
}
