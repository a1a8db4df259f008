using System.Text.Json;
using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Resources;

namespace TenantOperator.LocalApiServer.Storage;

/// <summary>
/// One immutable stored version of an object: its JSON bytes (with metadata.resourceVersion set) and
/// the facts indexes and selectors need, extracted once when it was written. Readers share it freely.
/// </summary>
internal sealed class StoredObject
{
    private StoredObject(string storageKey, string ns, string name, string uid, long resourceVersion, byte[] json)
    {
        StorageKey = storageKey;
        Namespace = ns;
        Name = name;
        Uid = uid;
        ResourceVersion = resourceVersion;
        Json = json;
    }

    public string StorageKey { get; }

    public string Namespace { get; }

    public string Name { get; }

    public string Uid { get; }

    public long ResourceVersion { get; }

    /// <summary>The object as UTF-8 JSON in its stored shape.</summary>
    public byte[] Json { get; }

    public IReadOnlyDictionary<string, string> Labels { get; private init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Fields { get; private init; } = new Dictionary<string, string>();

    public IReadOnlyList<OwnerReference> OwnerReferences { get; private init; } = [];

    public IReadOnlyList<string> Finalizers { get; private init; } = [];

    /// <summary>True once metadata.deletionTimestamp is set.</summary>
    public bool IsDeleting { get; private init; }

    public string Key => KeyOf(Namespace, Name);

    public ObjectAddress Address => new(StorageKey, Namespace, Name);

    /// <summary>The sort key of an object: namespace, '/', name. Sorting on it groups namespaces together.</summary>
    public static string KeyOf(string ns, string name) => ns + "/" + name;

    /// <summary>A fresh mutable copy of the object.</summary>
    public JsonObject ToJsonObject() => JsonNode.Parse(Json)!.AsObject();

    /// <summary>Freezes <paramref name="obj"/> (already stamped with its resourceVersion) into a stored version.</summary>
    public static StoredObject Create(string storageKey, JsonObject obj, long resourceVersion)
    {
        var metadata = obj["metadata"] as JsonObject ?? [];
        var name = (string?)metadata["name"] ?? string.Empty;
        var ns = (string?)metadata["namespace"] ?? string.Empty;
        var uid = (string?)metadata["uid"] ?? string.Empty;
        return new StoredObject(storageKey, ns, name, uid, resourceVersion, JsonSerializer.SerializeToUtf8Bytes(obj))
        {
            Labels = ReadLabels(metadata),
            Fields = SelectableFields.Extract(storageKey, obj, name, ns),
            OwnerReferences = ReadOwners(metadata),
            Finalizers = ReadFinalizers(metadata),
            IsDeleting = metadata["deletionTimestamp"] is not null,
        };
    }

    private static Dictionary<string, string> ReadLabels(JsonObject metadata)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (metadata["labels"] is JsonObject map)
        {
            foreach (var (key, value) in map)
            {
                labels[key] = value?.ToString() ?? string.Empty;
            }
        }

        return labels;
    }

    private static List<OwnerReference> ReadOwners(JsonObject metadata)
    {
        var owners = new List<OwnerReference>();
        if (metadata["ownerReferences"] is JsonArray refs)
        {
            foreach (var item in refs.OfType<JsonObject>())
            {
                if ((string?)item["uid"] is { Length: > 0 } uid)
                {
                    owners.Add(new OwnerReference(uid, item["blockOwnerDeletion"] is JsonValue b && b.GetValueKind() == JsonValueKind.True));
                }
            }
        }

        return owners;
    }

    private static List<string> ReadFinalizers(JsonObject metadata) =>
        metadata["finalizers"] is JsonArray list ? [.. list.Select(f => f?.ToString() ?? string.Empty)] : [];
}
