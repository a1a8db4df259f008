using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Http;
using TenantOperator.LocalApiServer.JsonPath;

namespace TenantOperator.LocalApiServer.Schema;

/// <summary>
/// Enforces <c>x-kubernetes-list-type</c>: items of a set must be unique, items of a map list must be objects
/// with unique <c>x-kubernetes-list-map-keys</c>. Each duplicate is reported once, at its second occurrence, as
/// <c>Duplicate value: "x"</c> or <c>Duplicate value: map[string]interface {}{"name":"x"}</c>.
/// </summary>
internal static class ListTypeValidator
{
    public static void Validate(JsonNode? value, SchemaNode? schema, FieldPath path, List<StatusCause> errors)
    {
        if (schema is null)
        {
            return;
        }
        switch (value)
        {
            case JsonObject obj:
                foreach (var (key, member) in obj)
                {
                    if (schema.Properties.TryGetValue(key, out var property))
                    {
                        Validate(member, property, path.Child(key), errors);
                    }
                    else if (schema.AdditionalProperties is { } additional)
                    {
                        Validate(member, additional, path.Key(key), errors);
                    }
                }
                break;
            case JsonArray array:
                if (schema.ListType == "set")
                {
                    foreach (var index in DuplicateIndices([.. array]))
                    {
                        errors.Add(FieldErrors.Duplicate(path.Index(index).ToString(), array[index]));
                    }
                }
                else if (schema.ListType == "map")
                {
                    ValidateMapList(array, schema, path, errors);
                }
                for (var i = 0; i < array.Count; i++)
                {
                    Validate(array[i], schema.Items, path.Index(i), errors);
                }
                break;
        }
    }

    private static void ValidateMapList(JsonArray array, SchemaNode schema, FieldPath path, List<StatusCause> errors)
    {
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not null and not JsonObject)
            {
                errors.Add(FieldErrors.Invalid(path.Index(i).ToString(), array[i], "must be an object for an array of list-type map"));
                return;
            }
        }
        var keys = new List<JsonNode?>();
        foreach (var item in array)
        {
            var key = new JsonObject();
            if (item is JsonObject obj)
            {
                foreach (var name in schema.ListMapKeys)
                {
                    if (obj.TryGetPropertyValue(name, out var keyValue))
                    {
                        key[name] = keyValue?.DeepClone();
                    }
                }
            }
            keys.Add(key);
        }
        foreach (var index in DuplicateIndices(keys))
        {
            errors.Add(FieldErrors.Duplicate(path.Index(index).ToString(), keys[index]));
        }
    }

    // The index of the second occurrence of each value that occurs more than once.
    private static List<int> DuplicateIndices(List<JsonNode?> items)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var duplicates = new List<int>();
        for (var i = 0; i < items.Count; i++)
        {
            var identity = GoValues.KindOf(items[i]) + ":" + GoText.Marshal(items[i]);
            seen.TryGetValue(identity, out var times);
            seen[identity] = times + 1;
            if (times == 1)
            {
                duplicates.Add(i);
            }
        }
        return duplicates;
    }
}
