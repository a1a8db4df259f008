using System.Text.Json.Nodes;

namespace TenantOperator.LocalApiServer.Resources;

/// <summary>
/// The field values a field selector can match for each stored resource, computed once per write.
/// Kubernetes supports metadata.name and metadata.namespace everywhere and a few fields per kind;
/// any other field in a selector is a 400, as kube-apiserver answers.
/// </summary>
internal static class SelectableFields
{
    private static readonly string[] EventFields =
    [
        "involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
        "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath",
        "reason", "reportingComponent", "source", "type",
    ];

    private static readonly string[] PodFields =
    [
        "spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName",
        "status.phase", "status.podIP", "status.nominatedNodeName",
    ];

    /// <summary>The fields beyond metadata.name/namespace that <paramref name="storageKey"/> supports.</summary>
    public static IReadOnlySet<string> ExtraFieldsFor(string storageKey) => storageKey switch
    {
        "events" => new HashSet<string>(EventFields, StringComparer.Ordinal),
        "pods" => new HashSet<string>(PodFields, StringComparer.Ordinal),
        "namespaces" => new HashSet<string>(["status.phase"], StringComparer.Ordinal),
        _ => new HashSet<string>(StringComparer.Ordinal),
    };

    /// <summary>The selectable field values of one stored object.</summary>
    public static IReadOnlyDictionary<string, string> Extract(string storageKey, JsonObject obj, string name, string ns)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["metadata.name"] = name,
            ["metadata.namespace"] = ns,
        };
        var extra = storageKey switch
        {
            "events" => EventFields,
            "pods" => PodFields,
            "namespaces" => ["status.phase"],
            _ => [],
        };
        foreach (var path in extra)
        {
            // "source" on a core event is the component that reported it.
            var lookup = storageKey == "events" && path == "source" ? "source.component" : path;
            fields[path] = Lookup(obj, lookup) ?? string.Empty;
        }

        return fields;
    }

    private static string? Lookup(JsonObject obj, string path)
    {
        JsonNode? node = obj;
        foreach (var segment in path.Split('.'))
        {
            node = node is JsonObject o ? o[segment] : null;
        }

        return node is JsonValue value ? value.ToString() : null;
    }
}
