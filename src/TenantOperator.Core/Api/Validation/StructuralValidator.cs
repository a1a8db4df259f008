using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TenantOperator.Api.Schema;

namespace TenantOperator.Api.Validation;

/// <summary>
/// Checks a JSON document against a <see cref="ApiSchemaNode"/> the way the API server checks a custom resource against
/// its CRD's structural schema: unknown fields, types, required, enums, patterns, lengths, ranges, item counts and
/// list-type uniqueness, with the API server's messages. CEL rules are not evaluated here: their C# twins live in
/// <see cref="TenantIsolationValidator"/>.
/// </summary>
public static class StructuralValidator
{
    private static readonly ConcurrentDictionary<string, Regex> Regexes = new();

    /// <summary>Validates <paramref name="node"/> and appends every error found to <paramref name="errors"/>.</summary>
    public static void Validate(JsonNode? node, ApiSchemaNode schema, FieldPath path, List<FieldError> errors)
    {
        if (node is null)
        {
            return; // a null is dropped by the API server for non-nullable fields, like an absent one
        }

        switch (schema.Kind)
        {
            case SchemaKind.Object:
                ValidateObject(node, schema, path, errors);
                break;
            case SchemaKind.OpaqueObject:
                if (ExpectType(node, JsonValueKind.Object, "object", path, errors))
                {
                    // The API server owns the rest of object metadata; only the declared name constraints apply.
                    foreach (var property in schema.Properties)
                    {
                        Validate(node[property.JsonName], property.Schema, path.Child(property.JsonName), errors);
                    }
                }

                break;
            case SchemaKind.Map:
                ValidateMap(node, schema, path, errors);
                break;
            case SchemaKind.Array:
                ValidateArray(node, schema, path, errors);
                break;
            case SchemaKind.String:
                if (ExpectType(node, JsonValueKind.String, "string", path, errors))
                {
                    ValidateString(node.GetValue<string>(), schema, path, errors);
                }

                break;
            case SchemaKind.Integer:
                ValidateInteger(node, schema, path, errors);
                break;
            case SchemaKind.Boolean:
                if (node.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
                {
                    errors.Add(TypeError(node, "boolean", path));
                }

                break;
            case SchemaKind.IntOrString:
                if (node.GetValueKind() == JsonValueKind.Number)
                {
                    ValidateInteger(node, schema, path, errors);
                }
                else if (node.GetValueKind() != JsonValueKind.String)
                {
                    errors.Add(TypeError(node, "integer or string", path));
                }

                break;
            default:
                throw new InvalidOperationException($"Unhandled schema kind {schema.Kind}.");
        }
    }

    private static void ValidateObject(JsonNode node, ApiSchemaNode schema, FieldPath path, List<FieldError> errors)
    {
        if (!ExpectType(node, JsonValueKind.Object, "object", path, errors))
        {
            return;
        }

        var obj = node.AsObject();
        foreach (var (name, value) in obj)
        {
            var property = schema.Property(name);
            if (property is null)
            {
                errors.Add(FieldError.UnknownField(path.Child(name)));
                continue;
            }

            Validate(value, property.Schema, path.Child(name), errors);
        }

        foreach (var property in schema.Properties)
        {
            if (property.Required && obj[property.JsonName] is null)
            {
                errors.Add(FieldError.Required(path.Child(property.JsonName)));
            }
        }
    }

    private static void ValidateMap(JsonNode node, ApiSchemaNode schema, FieldPath path, List<FieldError> errors)
    {
        if (!ExpectType(node, JsonValueKind.Object, "object", path, errors))
        {
            return;
        }

        var map = node.AsObject();
        if (schema.MaxProperties is { } max && map.Count > max)
        {
            errors.Add(FieldError.TooMany(path, map.Count, max));
        }

        foreach (var (key, value) in map)
        {
            if (value is null)
            {
                // Pruned by the API server, which would leave matchLabels: {app: ~} selecting more than written.
                errors.Add(FieldError.Invalid(path.Key(key), "null", $"{path.Key(key)} in body must be of type {TypeName(schema.MapValues!.Kind)}: \"null\""));
                continue;
            }

            Validate(value, schema.MapValues!, path.Key(key), errors);
        }
    }

    private static void ValidateArray(JsonNode node, ApiSchemaNode schema, FieldPath path, List<FieldError> errors)
    {
        if (!ExpectType(node, JsonValueKind.Array, "array", path, errors))
        {
            return;
        }

        var array = node.AsArray();
        if (schema.MaxItems is { } max && array.Count > max)
        {
            errors.Add(FieldError.TooMany(path, array.Count, max));
        }

        if (schema.MinItems is { } min && array.Count < min)
        {
            errors.Add(FieldError.Invalid(path, array.Count, $"{path} in body should have at least {min} items"));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is null)
            {
                // The API server prunes null fields, but a null list item stays, and is not of the item's type.
                errors.Add(FieldError.Invalid(path.Index(i), "null", $"{path.Index(i)} in body must be of type {TypeName(schema.Items!.Kind)}: \"null\""));
                continue;
            }

            Validate(array[i], schema.Items!, path.Index(i), errors);
            var identity = ListIdentity(array[i], schema);
            if (identity is not null && !seen.Add(identity.ToJsonString()))
            {
                errors.Add(FieldError.Duplicate(path.Index(i), identity));
            }
        }
    }

    /// <summary>What makes a list entry unique: the whole value in a set, the key fields in a map, nothing otherwise.</summary>
    private static JsonNode? ListIdentity(JsonNode? item, ApiSchemaNode schema)
    {
        if (item is null)
        {
            return null;
        }

        if (schema.ListType == "set")
        {
            return item.DeepClone();
        }

        if (schema.ListType == "map" && item is JsonObject obj)
        {
            var keys = new JsonObject();
            foreach (var key in schema.ListMapKeys ?? [])
            {
                keys[key] = obj[key]?.DeepClone();
            }

            return keys;
        }

        return null;
    }

    private static void ValidateString(string value, ApiSchemaNode schema, FieldPath path, List<FieldError> errors)
    {
        if (schema.Enum is { } allowed && !allowed.Contains(value))
        {
            errors.Add(FieldError.NotSupported(path, value, allowed));
            return;
        }

        if (schema.MaxLength is { } max && value.Length > max)
        {
            errors.Add(FieldError.TooLong(path, max));
        }

        if (schema.MinLength is { } min && value.Length < min)
        {
            errors.Add(FieldError.Invalid(path, value, $"{path} in body should be at least {min} chars long"));
        }

        if (schema.Pattern is { } pattern && !Regexes.GetOrAdd(pattern, p => new Regex(p, RegexOptions.CultureInvariant)).IsMatch(value))
        {
            errors.Add(FieldError.Invalid(path, value, $"{path} in body should match '{pattern}'"));
        }

        if (schema.Format == "date-time" && !DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            errors.Add(FieldError.Invalid(path, value, $"{path} in body must be of type date-time: \"{value}\""));
        }
    }

    private static void ValidateInteger(JsonNode node, ApiSchemaNode schema, FieldPath path, List<FieldError> errors)
    {
        if (node.GetValueKind() != JsonValueKind.Number || !node.AsValue().TryGetValue<long>(out var value))
        {
            errors.Add(TypeError(node, "integer", path));
            return;
        }

        if (schema.Minimum is { } min && value < min)
        {
            errors.Add(FieldError.Invalid(path, value, $"{path} in body should be greater than or equal to {min}"));
        }

        if (schema.Maximum is { } max && value > max)
        {
            errors.Add(FieldError.Invalid(path, value, $"{path} in body should be less than or equal to {max}"));
        }
    }

    private static bool ExpectType(JsonNode node, JsonValueKind kind, string typeName, FieldPath path, List<FieldError> errors)
    {
        if (node.GetValueKind() == kind)
        {
            return true;
        }

        errors.Add(TypeError(node, typeName, path));
        return false;
    }

    private static string TypeName(SchemaKind kind) => kind switch
    {
        SchemaKind.Object or SchemaKind.OpaqueObject or SchemaKind.Map => "object",
        SchemaKind.Array => "array",
        SchemaKind.Integer => "integer",
        SchemaKind.Boolean => "boolean",
        SchemaKind.IntOrString => "integer or string",
        _ => "string",
    };

    private static FieldError TypeError(JsonNode node, string expected, FieldPath path)
    {
        var actual = TypeOf(node);
        return FieldError.Invalid(path, actual, $"{path} in body must be of type {expected}: \"{actual}\"");
    }

    /// <summary>The JSON type of a value as the API server names it in a type error: object, array, string, number, boolean or null.</summary>
    public static string TypeOf(JsonNode? node) => node?.GetValueKind() switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };
}
