using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace TenantOperator.Policy.Reconciliation;

/// <summary>
/// Names the fields in which a stored policy differs from the planned one, as Kubernetes field paths
/// (<c>spec.ingress[0].ports[0].port</c>, <c>metadata.labels[team]</c>): the spec field by field, and of the metadata
/// only what <see cref="PolicyComparer"/> looks at (our labels, annotations and ownerReference). Pure.
/// </summary>
public static class PolicyFieldDiff
{
    /// <summary>At most this many paths are named; a rewrite that changes more is shown by its first ones.</summary>
    public const int Limit = 5;

    /// <summary>The differing fields, in document order, at most <see cref="Limit"/>.</summary>
    public static IReadOnlyList<string> Between(V1NetworkPolicy desired, V1NetworkPolicy stored)
    {
        var paths = new List<string>();
        Compare("spec", Json(desired.Spec), Json(stored.Spec), paths);
        foreach (var (key, value) in desired.Metadata.Labels ?? new Dictionary<string, string>())
        {
            if (stored.Metadata?.Labels?.TryGetValue(key, out var actual) != true || actual != value)
            {
                paths.Add($"metadata.labels[{key}]");
            }
        }

        foreach (var (key, value) in desired.Metadata.Annotations ?? new Dictionary<string, string>())
        {
            if (stored.Metadata?.Annotations?.TryGetValue(key, out var actual) != true || actual != value)
            {
                paths.Add($"metadata.annotations[{key}]");
            }
        }

        if (!PolicyComparer.Matches(new V1NetworkPolicy { Metadata = new V1ObjectMeta { OwnerReferences = desired.Metadata.OwnerReferences } },
                new V1NetworkPolicy { Metadata = new V1ObjectMeta { OwnerReferences = stored.Metadata?.OwnerReferences } }))
        {
            paths.Add("metadata.ownerReferences");
        }

        return paths.Take(Limit).ToList();
    }

    private static JsonNode? Json(V1NetworkPolicySpec? spec) => spec is null ? null : JsonNode.Parse(KubernetesJson.Serialize(spec));

    private static void Compare(string path, JsonNode? desired, JsonNode? stored, List<string> paths)
    {
        switch (desired, stored)
        {
            // An object one side lacks (Go omits an empty map) is compared as empty, so the keys added are named.
            case (JsonObject, null):
                Compare(path, desired, new JsonObject(), paths);
                break;
            case (null, JsonObject):
                Compare(path, new JsonObject(), stored, paths);
                break;
            case (JsonObject a, JsonObject b):
                foreach (var key in a.Select(p => p.Key).Concat(b.Select(p => p.Key).Where(k => !a.ContainsKey(k))))
                {
                    Compare(Member(path, key), a[key], b[key], paths);
                }

                break;
            case (JsonArray a, JsonArray b) when a.Count == b.Count:
                for (var i = 0; i < a.Count; i++)
                {
                    Compare($"{path}[{i}]", a[i], b[i], paths);
                }

                break;
            default:
                if (!JsonNode.DeepEquals(desired, stored))
                {
                    paths.Add(path);
                }

                break;
        }
    }

    // Struct fields read as ".name", map keys as "[key]", as Kubernetes prints them; matchLabels is the spec's only map.
    private static string Member(string path, string key) =>
        path.EndsWith(".matchLabels", StringComparison.Ordinal) ? $"{path}[{key}]" : $"{path}.{key}";
}
