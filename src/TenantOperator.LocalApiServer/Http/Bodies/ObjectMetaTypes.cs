using System.Text.Json;
using System.Text.Json.Nodes;

namespace TenantOperator.LocalApiServer.Http.Bodies;

/// <summary>
/// The JSON types of <c>metadata</c>, as kube-apiserver's decoder holds every object's ObjectMeta to its Go
/// types (k8s.io/apimachinery/pkg/apis/meta/v1.ObjectMeta): a field of another type is Go's decoding
/// error, never a value the server reads as something else. Null reads as absent, as in Go.
/// </summary>
internal static class ObjectMetaTypes
{
    private static readonly (string Field, string GoType)[] Strings =
    [
        ("name", "string"), ("generateName", "string"), ("namespace", "string"), ("selfLink", "string"),
        ("uid", "types.UID"), ("resourceVersion", "string"),
    ];

    private static readonly string[] Integers = ["generation", "deletionGracePeriodSeconds"];

    private static readonly string[] Times = ["creationTimestamp", "deletionTimestamp"];

    private static readonly (string Field, string GoType)[] OwnerStrings =
        [("apiVersion", "string"), ("kind", "string"), ("name", "string"), ("uid", "types.UID")];

    /// <summary>Go's decoding error for the first field of <paramref name="kind"/>'s metadata that has the wrong type, or null.</summary>
    public static string? Problem(JsonObject obj, string kind)
    {
        switch (obj["metadata"])
        {
            case null:
                return null;
            case not JsonObject:
                return Mismatch(obj["metadata"], $"{kind}.metadata", "v1.ObjectMeta");
            case JsonObject metadata:
                return FieldsProblem(metadata);
        }
    }

    private static string? FieldsProblem(JsonObject metadata)
    {
        foreach (var (field, goType) in Strings)
        {
            if (!IsStringOrNull(metadata[field]))
            {
                return Mismatch(metadata[field], $"ObjectMeta.metadata.{field}", goType);
            }
        }

        foreach (var field in Integers)
        {
            if (metadata[field] is JsonValue value && !value.TryGetValue<long>(out _))
            {
                return Mismatch(value, $"ObjectMeta.metadata.{field}", "int64");
            }

            if (metadata[field] is JsonObject or JsonArray)
            {
                return Mismatch(metadata[field], $"ObjectMeta.metadata.{field}", "int64");
            }
        }

        foreach (var field in Times)
        {
            if (!IsStringOrNull(metadata[field]))
            {
                // metav1.Time decodes itself from a string, and reports Go's error for the string.
                return $"json: cannot unmarshal {ObjectBody.GoTypeName(metadata[field])} into Go value of type string";
            }
        }

        return MapProblem(metadata, "labels") ?? MapProblem(metadata, "annotations") ?? FinalizersProblem(metadata) ?? OwnersProblem(metadata)
            ?? (metadata["managedFields"] is null or JsonArray ? null : Mismatch(metadata["managedFields"], "ObjectMeta.metadata.managedFields", "[]v1.ManagedFieldsEntry"));
    }

    private static string? MapProblem(JsonObject metadata, string field) => metadata[field] switch
    {
        null => null,
        JsonObject map => map.Select(p => p.Value).FirstOrDefault(v => !IsStringOrNull(v)) is { } bad
            ? Mismatch(bad, $"ObjectMeta.metadata.{field}", "string")
            : null,
        var other => Mismatch(other, $"ObjectMeta.metadata.{field}", "map[string]string"),
    };

    private static string? FinalizersProblem(JsonObject metadata) => metadata["finalizers"] switch
    {
        null => null,
        JsonArray list => list.FirstOrDefault(v => !IsStringOrNull(v)) is { } bad ? Mismatch(bad, "ObjectMeta.metadata.finalizers", "string") : null,
        var other => Mismatch(other, "ObjectMeta.metadata.finalizers", "[]string"),
    };

    private static string? OwnersProblem(JsonObject metadata)
    {
        switch (metadata["ownerReferences"])
        {
            case null:
                return null;
            case JsonArray owners:
                foreach (var owner in owners)
                {
                    if (owner is null)
                    {
                        continue;
                    }

                    if (owner is not JsonObject reference)
                    {
                        return Mismatch(owner, "ObjectMeta.metadata.ownerReferences", "v1.OwnerReference");
                    }

                    foreach (var (field, goType) in OwnerStrings)
                    {
                        if (!IsStringOrNull(reference[field]))
                        {
                            return Mismatch(reference[field], $"OwnerReference.metadata.ownerReferences.{field}", goType);
                        }
                    }

                    foreach (var field in new[] { "controller", "blockOwnerDeletion" })
                    {
                        if (reference[field] is { } flag && flag.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
                        {
                            return Mismatch(flag, $"OwnerReference.metadata.ownerReferences.{field}", "bool");
                        }
                    }
                }

                return null;
            case var other:
                return Mismatch(other, "ObjectMeta.metadata.ownerReferences", "[]v1.OwnerReference");
        }
    }

    private static bool IsStringOrNull(JsonNode? node) => node is null || node.GetValueKind() == JsonValueKind.String;

    private static string Mismatch(JsonNode? value, string field, string goType) =>
        $"json: cannot unmarshal {ObjectBody.GoTypeName(value)} into Go struct field {field} of type {goType}";
}
