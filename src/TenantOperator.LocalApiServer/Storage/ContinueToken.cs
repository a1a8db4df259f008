using System.Buffers.Text;
using System.Text;
using System.Text.Json.Nodes;

namespace TenantOperator.LocalApiServer.Storage;

/// <summary>
/// A list continuation: the revision of the first page (later pages show the same snapshot) and the
/// key after which the next page starts. Opaque base64 JSON, as kube-apiserver's tokens are.
/// </summary>
internal sealed record ContinueToken(long Revision, string StartAfter)
{
    public string Encode()
    {
        var json = new JsonObject { ["v"] = "meta.k8s.io/v1", ["rv"] = Revision, ["start"] = StartAfter }.ToJsonString();
        return Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));
    }

    /// <summary>Decodes a token, or returns null when it is not one of ours.</summary>
    public static ContinueToken? TryDecode(string token)
    {
        try
        {
            var json = JsonNode.Parse(Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token)))?.AsObject();
            if (json?["rv"] is JsonValue rv && json["start"] is JsonValue start)
            {
                return new ContinueToken(rv.GetValue<long>(), start.GetValue<string>());
            }
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or InvalidOperationException)
        {
        }

        return null;
    }
}
