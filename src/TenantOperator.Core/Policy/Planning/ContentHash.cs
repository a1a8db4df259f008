using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace TenantOperator.Policy.Planning;

/// <summary>
/// A short, stable hash of a policy's labels and spec, written as an annotation so that a reader (or the operator)
/// can tell at a glance whether a policy is the one planned. Object keys are sorted first, so the hash does not depend
/// on serialization order.
/// </summary>
public static class ContentHash
{
    /// <summary>Hex SHA-256 (first 16 characters) of the canonical JSON of labels and spec.</summary>
    public static string Of(IDictionary<string, string>? labels, V1NetworkPolicySpec? spec)
    {
        var document = new JsonObject
        {
            ["labels"] = JsonNode.Parse(KubernetesJson.Serialize(labels ?? new Dictionary<string, string>())),
            ["spec"] = spec is null ? null : JsonNode.Parse(KubernetesJson.Serialize(spec)),
        };
        var canonical = Canonicalize(document)!.ToJsonString();
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(canonical));
        return Convert.ToHexStringLower(digest)[..16];
    }

    private static JsonNode? Canonicalize(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Canonicalize(p.Value)))),
        JsonArray array => new JsonArray(array.Select(Canonicalize).ToArray()),
        null => null,
        _ => node.DeepClone(),
    };
}
