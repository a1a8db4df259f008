using System.Text.Json.Nodes;

namespace TenantOperator.LocalApiServer.Schema;

/// <summary>
/// Applies schema defaults as kube-apiserver does for custom resources: a property that is absent — or null
/// while the schema does not allow null — gets a copy of its default, recursively; items and map values that
/// are non-nullable nulls get the item's default. Nulls that the schema does not allow and that have no default
/// are dropped first (<see cref="DropNonNullableNulls"/>), so that they do not fail type validation.
/// </summary>
internal static class Defaulter
{
    public static void ApplyDefaults(JsonNode? value, SchemaNode? schema)
    {
        if (schema is null)
        {
            return;
        }
        switch (value)
        {
            case JsonObject obj:
                foreach (var (name, property) in schema.PropertyList)
                {
                    if (!property.HasDefault || property.Default is null)
                    {
                        continue;
                    }
                    if (!obj.TryGetPropertyValue(name, out var current) || IsNonNullableNull(current, property))
                    {
                        obj[name] = property.Default.DeepClone();
                    }
                }
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    if (schema.Properties.TryGetValue(key, out var property))
                    {
                        ApplyDefaults(obj[key], property);
                    }
                    else if (schema.AdditionalProperties is { } additional)
                    {
                        if (IsNonNullableNull(obj[key], additional) && additional.Default is not null)
                        {
                            obj[key] = additional.Default.DeepClone();
                        }
                        ApplyDefaults(obj[key], additional);
                    }
                }
                break;
            case JsonArray array when schema.Items is { } items:
                for (var i = 0; i < array.Count; i++)
                {
                    if (IsNonNullableNull(array[i], items) && items.Default is not null)
                    {
                        array[i] = items.Default.DeepClone();
                    }
                    ApplyDefaults(array[i], items);
                }
                break;
        }
    }

    /// <summary>Removes object members that are null where the schema does not allow null and has no default.</summary>
    public static void DropNonNullableNulls(JsonNode? value, SchemaNode? schema)
    {
        switch (value)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    var member = schema?.ForMember(key);
                    if (obj[key] is null && member is { Nullable: false } && member.Default is null)
                    {
                        obj.Remove(key);
                    }
                    else
                    {
                        DropNonNullableNulls(obj[key], member);
                    }
                }
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    DropNonNullableNulls(item, schema?.Items);
                }
                break;
        }
    }

    private static bool IsNonNullableNull(JsonNode? value, SchemaNode schema) => value is null && !schema.Nullable;
}
