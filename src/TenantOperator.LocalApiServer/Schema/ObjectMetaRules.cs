using System.Globalization;
using System.Text.Json.Nodes;
using TenantOperator.ApiMachinery;
using TenantOperator.LocalApiServer.Http;
using TenantOperator.LocalApiServer.JsonPath;

namespace TenantOperator.LocalApiServer.Schema;

/// <summary>
/// What kube-apiserver does with <c>metadata</c>, <c>apiVersion</c> and <c>kind</c> of a custom resource and of
/// the embedded resources inside it: metadata is ObjectMeta, whatever the CRD schema says, so fields ObjectMeta
/// does not have are dropped (and reported as unknown); names must be DNS subdomains; an embedded resource
/// needs a valid apiVersion and kind.
/// </summary>
internal static class ObjectMetaRules
{
    private static readonly HashSet<string> ObjectMetaFields = new(StringComparer.Ordinal)
    {
        "name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation", "creationTimestamp",
        "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations", "ownerReferences", "finalizers", "managedFields",
    };

    private static readonly HashSet<string> OwnerReferenceFields = new(StringComparer.Ordinal)
    {
        "apiVersion", "kind", "name", "uid", "controller", "blockOwnerDeletion",
    };

    private static readonly HashSet<string> ManagedFieldsEntryFields = new(StringComparer.Ordinal)
    {
        "manager", "operation", "apiVersion", "time", "fieldsType", "fieldsV1", "subresource",
    };

    /// <summary>
    /// Drops the members of <c>metadata</c> that ObjectMeta does not have, recording <c>metadata.foo</c> (prefixed with
    /// the embedded resource's path), and reports metadata members of the wrong JSON type.
    /// </summary>
    public static void CoerceMetadata(JsonObject resource, string prefix, List<string> unknown, List<StatusCause> errors)
    {
        if (!resource.TryGetPropertyValue("metadata", out var metadataNode) || metadataNode is null)
        {
            return;
        }
        var metadataPath = prefix.Length == 0 ? "metadata" : prefix + ".metadata";
        if (metadataNode is not JsonObject metadata)
        {
            errors.Add(FieldErrors.Invalid(metadataPath, metadataNode, "invalid metadata: expected object"));
            return;
        }
        foreach (var key in metadata.Select(p => p.Key).ToList())
        {
            if (!ObjectMetaFields.Contains(key))
            {
                unknown.Add(metadataPath + "." + key);
                metadata.Remove(key);
            }
        }
        DropUnknownListItemFields(metadata, "ownerReferences", OwnerReferenceFields, metadataPath, unknown);
        DropUnknownListItemFields(metadata, "managedFields", ManagedFieldsEntryFields, metadataPath, unknown);
        foreach (var stringMap in new[] { "labels", "annotations" })
        {
            if (metadata[stringMap] is { } map && (map is not JsonObject members || members.Any(m => GoValues.KindOf(m.Value) is not (GoKind.String or GoKind.Null))))
            {
                errors.Add(FieldErrors.Invalid(metadataPath + "." + stringMap, map, "must be a map of string keys to string values"));
            }
        }
        foreach (var text in new[] { "name", "generateName", "namespace" })
        {
            if (metadata[text] is { } value && GoValues.KindOf(value) != GoKind.String)
            {
                errors.Add(FieldErrors.Invalid(metadataPath + "." + text, value, "must be a string"));
            }
        }
    }

    /// <summary>The name rules of a custom resource: a DNS subdomain (generateName may end in a dash).</summary>
    public static void ValidateName(JsonObject resource, List<StatusCause> errors)
    {
        var metadata = resource["metadata"] as JsonObject;
        var hasGenerateName = GoValues.TryGetString(metadata?["generateName"], out var generateName) && generateName.Length > 0;
        if (hasGenerateName)
        {
            foreach (var message in KubernetesNames.Dns1123SubdomainErrors(generateName.EndsWith('-') ? generateName[..^1] + "a" : generateName))
            {
                errors.Add(FieldErrors.Invalid("metadata.generateName", generateName, message));
            }
        }
        if (!GoValues.TryGetString(metadata?["name"], out var name) || name.Length == 0)
        {
            errors.Add(FieldErrors.Required("metadata.name", "name or generateName is required"));
            return;
        }
        foreach (var message in KubernetesNames.Dns1123SubdomainErrors(name))
        {
            errors.Add(FieldErrors.Invalid("metadata.name", name, message));
        }
    }

    /// <summary>Validates every embedded resource below the root (x-kubernetes-embedded-resource).</summary>
    public static void ValidateEmbeddedResources(JsonNode? value, SchemaNode? schema, FieldPath path, List<StatusCause> errors, bool isRoot)
    {
        if (schema is null)
        {
            return;
        }
        switch (value)
        {
            case JsonObject obj:
                if (schema.EmbeddedResource && !isRoot)
                {
                    ValidateEmbeddedResource(obj, path, errors);
                }
                foreach (var (key, member) in obj)
                {
                    if (schema.Properties.TryGetValue(key, out var property))
                    {
                        ValidateEmbeddedResources(member, property, path.Child(key), errors, false);
                    }
                    else if (schema.AdditionalProperties is { } additional)
                    {
                        ValidateEmbeddedResources(member, additional, path.Key(key), errors, false);
                    }
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    ValidateEmbeddedResources(array[i], schema.Items, path.Index(i), errors, false);
                }
                break;
        }
    }

    /// <summary>Drops ObjectMeta-unknown fields inside every embedded resource below the root.</summary>
    public static void CoerceEmbeddedMetadata(JsonNode? value, SchemaNode? schema, string path, List<string> unknown, List<StatusCause> errors, bool isRoot)
    {
        if (schema is null)
        {
            return;
        }
        switch (value)
        {
            case JsonObject obj:
                if (schema.EmbeddedResource && !isRoot)
                {
                    CoerceMetadata(obj, path, unknown, errors);
                }
                foreach (var (key, member) in obj.ToList())
                {
                    var child = schema.ForMember(key);
                    CoerceEmbeddedMetadata(member, child, path.Length == 0 ? key : path + "." + key, unknown, errors, false);
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    CoerceEmbeddedMetadata(array[i], schema.Items, path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]", unknown, errors, false);
                }
                break;
        }
    }

    private static void ValidateEmbeddedResource(JsonObject obj, FieldPath path, List<StatusCause> errors)
    {
        if (!obj.ContainsKey("apiVersion"))
        {
            errors.Add(FieldErrors.Required(path.Child("apiVersion").ToString(), "must not be empty"));
        }
        if (!obj.ContainsKey("kind"))
        {
            errors.Add(FieldErrors.Required(path.Child("kind").ToString(), "must not be empty"));
        }
        if (obj.TryGetPropertyValue("apiVersion", out var apiVersionNode))
        {
            if (!GoValues.TryGetString(apiVersionNode, out var apiVersion))
            {
                errors.Add(FieldErrors.Invalid(path.Child("apiVersion").ToString(), apiVersionNode, "must be a string"));
            }
            else if (apiVersion.Length == 0)
            {
                errors.Add(FieldErrors.Invalid(path.Child("apiVersion").ToString(), apiVersion, "must not be empty"));
            }
            else if (apiVersion.Count(c => c == '/') > 1)
            {
                errors.Add(FieldErrors.Invalid(path.Child("apiVersion").ToString(), apiVersion, "unexpected GroupVersion string: " + apiVersion));
            }
        }
        if (obj.TryGetPropertyValue("kind", out var kindNode))
        {
            if (!GoValues.TryGetString(kindNode, out var kind))
            {
                errors.Add(FieldErrors.Invalid(path.Child("kind").ToString(), kindNode, "must be a string"));
            }
            else if (kind.Length == 0)
            {
                errors.Add(FieldErrors.Invalid(path.Child("kind").ToString(), kind, "must not be empty"));
            }
            else
            {
                var problems = KubernetesNames.Dns1035LabelErrors(kind.ToLowerInvariant());
                if (problems.Count > 0)
                {
                    errors.Add(FieldErrors.Invalid(path.Child("kind").ToString(), kind, "may have mixed case, but should otherwise match: " + string.Join(",", problems)));
                }
            }
        }
        if (obj["metadata"] is JsonObject metadata && GoValues.TryGetString(metadata["name"], out var name) && name.Length > 0)
        {
            // Kubernetes validates an embedded object's name as a path segment only.
            foreach (var message in KubernetesNames.PathSegmentNameErrors(name))
            {
                errors.Add(FieldErrors.Invalid(path.Child("metadata").Child("name").ToString(), name, message));
            }
        }
    }

    private static void DropUnknownListItemFields(JsonObject metadata, string listName, HashSet<string> known, string metadataPath, List<string> unknown)
    {
        if (metadata[listName] is not JsonArray items)
        {
            return;
        }
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is not JsonObject item)
            {
                continue;
            }
            foreach (var key in item.Select(p => p.Key).ToList())
            {
                if (!known.Contains(key))
                {
                    unknown.Add($"{metadataPath}.{listName}[{i.ToString(CultureInfo.InvariantCulture)}].{key}");
                    item.Remove(key);
                }
            }
        }
    }
}
