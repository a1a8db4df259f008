using System.Collections.Concurrent;
using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json.Serialization;
using k8s.Models;

namespace TenantOperator.Api.Schema;

/// <summary>Reflects a C# API type and its attributes into a <see cref="ApiSchemaNode"/> tree.</summary>
public static class ApiSchemaReflector
{
    private static readonly ConcurrentDictionary<Type, ApiSchemaNode> Cache = new();

    /// <summary>The schema of the TenantIsolation kind.</summary>
    public static ApiSchemaNode TenantIsolation => For(typeof(TenantIsolation));

    /// <summary>The schema of an API type (cached: types do not change at run time).</summary>
    public static ApiSchemaNode For(Type type) => Cache.GetOrAdd(type, t => Reflect(t, description: null, property: null));

    private static ApiSchemaNode Reflect(Type type, string? description, PropertyInfo? property)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        description ??= type.GetCustomAttribute<DescriptionAttribute>()?.Description;
        var rules = (property?.GetCustomAttributes<CelRuleAttribute>() ?? []).ToList();

        if (type == typeof(string))
        {
            return StringNode(description, property, rules);
        }

        if (type == typeof(int) || type == typeof(long))
        {
            var range = property?.GetCustomAttribute<RangeAttribute>();
            return new ApiSchemaNode
            {
                Kind = SchemaKind.Integer,
                Description = description,
                Format = type == typeof(int) ? "int32" : "int64",
                Minimum = property?.GetCustomAttribute<MinimumAttribute>()?.Minimum
                    ?? (range is null ? null : Convert.ToInt64(range.Minimum, System.Globalization.CultureInfo.InvariantCulture)),
                Maximum = range is null ? null : Convert.ToInt64(range.Maximum, System.Globalization.CultureInfo.InvariantCulture),
                Rules = rules,
            };
        }

        if (type == typeof(bool))
        {
            return new ApiSchemaNode { Kind = SchemaKind.Boolean, Description = description, Rules = rules };
        }

        if (type == typeof(DateTime) || type == typeof(DateTimeOffset))
        {
            return new ApiSchemaNode { Kind = SchemaKind.String, Format = "date-time", Description = description, Rules = rules };
        }

        if (type == typeof(IntOrString))
        {
            return new ApiSchemaNode { Kind = SchemaKind.IntOrString, Description = description, Rules = rules };
        }

        if (type == typeof(V1ObjectMeta))
        {
            return MetadataNode(description, property?.GetCustomAttribute<MetadataNameAttribute>());
        }

        if (IsGeneric(type, typeof(IDictionary<,>)))
        {
            return MapNode(type.GetGenericArguments()[1], description, property, rules);
        }

        if (IsGeneric(type, typeof(IList<>)))
        {
            return ListNode(type.GetGenericArguments()[0], description, property, rules);
        }

        if (type.IsClass)
        {
            return ObjectNode(type, description, rules);
        }

        throw new NotSupportedException($"The schema reflector does not map {type.FullName}.");
    }

    private static ApiSchemaNode StringNode(string? description, PropertyInfo? property, List<CelRuleAttribute> rules) => new()
    {
        Kind = SchemaKind.String,
        Description = description,
        Format = property?.GetCustomAttribute<SchemaFormatAttribute>()?.Format,
        Pattern = property?.GetCustomAttribute<RegularExpressionAttribute>()?.Pattern,
        MinLength = property?.GetCustomAttribute<MinLengthAttribute>()?.Length,
        MaxLength = property?.GetCustomAttribute<MaxLengthAttribute>()?.Length,
        Enum = property?.GetCustomAttribute<AllowedValuesAttribute>()?.Values.Select(v => (string)v!).ToArray(),
        Rules = rules,
    };

    // Object metadata is the API server's own; a CRD may only constrain its name.
    private static ApiSchemaNode MetadataNode(string? description, MetadataNameAttribute? name) => new()
    {
        Kind = SchemaKind.OpaqueObject,
        Description = description,
        Properties = name is null
            ? []
            : [new SchemaProperty("name", new ApiSchemaNode { Kind = SchemaKind.String, Description = name.Description, MaxLength = name.MaxLength, Pattern = name.Pattern }, Required: false)],
    };

    // A string-keyed map: MaxLength bounds its entries (maxProperties), Items its string values.
    private static ApiSchemaNode MapNode(Type valueType, string? description, PropertyInfo? property, List<CelRuleAttribute> rules)
    {
        var valueConstraints = property?.GetCustomAttribute<ItemsAttribute>();
        return new ApiSchemaNode
        {
            Kind = SchemaKind.Map,
            Description = description,
            MapValues = valueType == typeof(string) ? StringItems(valueConstraints) : Reflect(valueType, null, null),
            MaxProperties = property?.GetCustomAttribute<MaxLengthAttribute>()?.Length,
            Rules = rules,
        };
    }

    private static ApiSchemaNode StringItems(ItemsAttribute? constraints) => new()
    {
        Kind = SchemaKind.String,
        Pattern = constraints?.Pattern,
        MaxLength = constraints is { MaxLength: > 0 } ? constraints.MaxLength : null,
        MinLength = constraints is { MinLength: > 0 } ? constraints.MinLength : null,
        Enum = constraints is { Enum.Length: > 0 } ? constraints.Enum : null,
    };

    private static ApiSchemaNode ListNode(Type itemType, string? description, PropertyInfo? property, List<CelRuleAttribute> rules)
    {
        var itemConstraints = property?.GetCustomAttribute<ItemsAttribute>();
        var items = itemType == typeof(string) ? StringItems(itemConstraints) : Reflect(itemType, null, null);
        var map = property?.GetCustomAttribute<ListMapAttribute>();
        return new ApiSchemaNode
        {
            Kind = SchemaKind.Array,
            Description = description,
            Items = items,
            MinItems = property?.GetCustomAttribute<MinLengthAttribute>()?.Length,
            MaxItems = property?.GetCustomAttribute<MaxLengthAttribute>()?.Length,
            ListType = map is not null ? "map" : property?.GetCustomAttribute<ListSetAttribute>() is not null ? "set" : null,
            ListMapKeys = map?.Keys,
            Rules = rules,
        };
    }

    private static ApiSchemaNode ObjectNode(Type type, string? description, List<CelRuleAttribute> rules)
    {
        var properties = new List<SchemaProperty>();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var jsonName = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name;
            if (jsonName is null)
            {
                continue; // not serialized, so not part of the API
            }

            var propertyDescription = property.GetCustomAttribute<DescriptionAttribute>()?.Description;
            properties.Add(new SchemaProperty(
                jsonName,
                Reflect(property.PropertyType, propertyDescription, property),
                property.GetCustomAttribute<RequiredAttribute>() is not null));
        }

        properties.Sort((a, b) => string.CompareOrdinal(a.JsonName, b.JsonName));
        rules.AddRange(type.GetCustomAttributes<CelRuleAttribute>());
        return new ApiSchemaNode { Kind = SchemaKind.Object, Description = description, Properties = properties, Rules = rules };
    }

    private static bool IsGeneric(Type type, Type definition) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == definition;
}
