using System.Globalization;
using System.Text.Json.Nodes;

namespace TenantOperator.LocalApiServer.Objects;

/// <summary>Small accessors for <c>metadata</c> of objects held as JSON.</summary>
internal static class ObjectMeta
{
    public static JsonObject Metadata(JsonObject obj)
    {
        if (obj["metadata"] is JsonObject metadata)
        {
            return metadata;
        }

        metadata = [];
        obj["metadata"] = metadata;
        return metadata;
    }

    public static string Name(JsonObject obj) => (string?)(Metadata(obj)["name"] as JsonValue) ?? string.Empty;

    public static string Namespace(JsonObject obj) => (string?)(Metadata(obj)["namespace"] as JsonValue) ?? string.Empty;

    public static string ResourceVersion(JsonObject obj) => (string?)(Metadata(obj)["resourceVersion"] as JsonValue) ?? string.Empty;

    public static bool IsDeleting(JsonObject obj) => Metadata(obj)["deletionTimestamp"] is not null;

    public static List<string> Finalizers(JsonObject obj) =>
        Metadata(obj)["finalizers"] is JsonArray list ? [.. list.Select(f => f?.ToString() ?? string.Empty)] : [];

    public static void SetFinalizers(JsonObject obj, IReadOnlyCollection<string> finalizers)
    {
        var metadata = Metadata(obj);
        if (finalizers.Count == 0)
        {
            metadata.Remove("finalizers");
        }
        else
        {
            metadata["finalizers"] = new JsonArray([.. finalizers.Select(f => (JsonNode)f)]);
        }
    }

    /// <summary>RFC 3339 at second precision, as Kubernetes writes metav1.Time.</summary>
    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The object without the fields that never count as a change (resourceVersion, managedFields).</summary>
    public static JsonObject Comparable(JsonObject obj)
    {
        var copy = obj.DeepClone().AsObject();
        var metadata = Metadata(copy);
        metadata.Remove("resourceVersion");
        metadata.Remove("managedFields");
        return copy;
    }

    /// <summary>The object's content outside metadata (and outside status when status is a subresource):
    /// what a generation bump is measured on.</summary>
    public static JsonObject SpecContent(JsonObject obj, bool statusIsSubresource)
    {
        var copy = obj.DeepClone().AsObject();
        copy.Remove("metadata");
        copy.Remove("apiVersion");
        copy.Remove("kind");
        if (statusIsSubresource)
        {
            copy.Remove("status");
        }

        return copy;
    }
}
