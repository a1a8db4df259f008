using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TenantOperator.Manifests;

namespace TenantOperator.Tests.Manifests;

/// <summary>Manifest text through the real reader, and the one-line problems it reports.</summary>
internal static class Read
{
    public static (List<ManifestDocument> Documents, List<string> Problems) Text(string text, InputLimits? limits = null) =>
        Bytes(Encoding.UTF8.GetBytes(text), limits);

    public static (List<ManifestDocument> Documents, List<string> Problems) Bytes(byte[] bytes, InputLimits? limits = null)
    {
        var (documents, problems) = ManifestReader.ReadBytes("t.yaml", bytes, limits);
        return (documents, problems.Select(p => p.ToString()).ToList());
    }

    /// <summary>The value of <c>v</c> in a document <c>v: SCALAR</c>, as kubectl would send it.</summary>
    public static JsonNode? Value(string scalar)
    {
        var (documents, problems) = Text($"kind: X\nv: {scalar}\n");
        Assert.Empty(problems);
        return documents.Single().Content["v"];
    }

    /// <summary>The one problem reading <paramref name="text"/> gives.</summary>
    public static string Problem(string text, InputLimits? limits = null)
    {
        var (_, problems) = Text(text, limits);
        return Assert.Single(problems);
    }

    /// <summary>
    /// True when two JSON values are equal, numbers compared as the 64-bit floats kubectl holds them in (80 and 80.0
    /// are equal; so are 9223372036854775808 and kubectl's 9223372036854776000).
    /// </summary>
    public static bool SameJson(JsonNode? expected, JsonNode? actual) => (expected, actual) switch
    {
        (null, null) => true,
        (JsonObject e, JsonObject a) => e.Count == a.Count && e.All(p => a.ContainsKey(p.Key) && SameJson(p.Value, a[p.Key])),
        (JsonArray e, JsonArray a) => e.Count == a.Count && e.Zip(a).All(p => SameJson(p.First, p.Second)),
        (JsonValue e, JsonValue a) when e.GetValueKind() == JsonValueKind.Number && a.GetValueKind() == JsonValueKind.Number =>
            double.Parse(e.ToJsonString(), CultureInfo.InvariantCulture) == double.Parse(a.ToJsonString(), CultureInfo.InvariantCulture),
        (JsonValue e, JsonValue a) => JsonNode.DeepEquals(e, a),
        _ => false,
    };
}
