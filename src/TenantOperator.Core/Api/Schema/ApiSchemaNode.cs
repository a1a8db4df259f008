using TenantOperator.Api.Validation;

namespace TenantOperator.Api.Schema;

/// <summary>
/// One node of the TenantIsolation schema, reflected once from the C# types and their attributes. It is the single
/// source of the CRD's openAPIV3Schema and of the structural checks <see cref="StructuralValidator"/> makes offline.
/// It is the writing side, and holds only what our own types declare (the keywords <see cref="CrdGenerator"/> emits,
/// CEL rules that have C# twins), immutable once reflected. The LocalApiServer's <c>SchemaNode</c>
/// (src/TenantOperator.LocalApiServer/Schema/SchemaNode.cs) is the reading side: any CRD's schema as kube-apiserver
/// reads it, every keyword (allOf/anyOf/oneOf/not, defaults, nullable, the x-kubernetes extensions) with its Go regex
/// and compiled CEL. The two meet only in the generated CRD's JSON, which the LocalApiServer reads as any other.
/// </summary>
public sealed class ApiSchemaNode
{
    /// <summary>The node's shape.</summary>
    public required SchemaKind Kind { get; init; }

    /// <summary>The description shown by <c>kubectl explain</c>.</summary>
    public string? Description { get; init; }

    /// <summary>The OpenAPI format of a string, such as date-time or int64.</summary>
    public string? Format { get; init; }

    /// <summary>Properties of an object, sorted by JSON name (of object metadata: the constrained name, if any).</summary>
    public IReadOnlyList<SchemaProperty> Properties { get; init; } = [];

    /// <summary>The schema of a list's items.</summary>
    public ApiSchemaNode? Items { get; init; }

    /// <summary>The schema of a map's values.</summary>
    public ApiSchemaNode? MapValues { get; init; }

    /// <summary>The regular expression a string must match.</summary>
    public string? Pattern { get; init; }

    /// <summary>The string's minimum length.</summary>
    public int? MinLength { get; init; }

    /// <summary>The string's maximum length.</summary>
    public int? MaxLength { get; init; }

    /// <summary>The list's minimum item count.</summary>
    public int? MinItems { get; init; }

    /// <summary>The list's maximum item count.</summary>
    public int? MaxItems { get; init; }

    /// <summary>The map's maximum entry count.</summary>
    public int? MaxProperties { get; init; }

    /// <summary>The integer's minimum.</summary>
    public long? Minimum { get; init; }

    /// <summary>The integer's maximum.</summary>
    public long? Maximum { get; init; }

    /// <summary>The allowed values of a string.</summary>
    public IReadOnlyList<string>? Enum { get; init; }

    /// <summary>map, set or null (atomic).</summary>
    public string? ListType { get; init; }

    /// <summary>The keys of a map-type list.</summary>
    public IReadOnlyList<string>? ListMapKeys { get; init; }

    /// <summary>CEL rules; their C# twins live in the semantic validator.</summary>
    public IReadOnlyList<CelRuleAttribute> Rules { get; init; } = [];

    /// <summary>The property with this JSON name, or null.</summary>
    public SchemaProperty? Property(string jsonName)
    {
        foreach (var property in Properties)
        {
            if (property.JsonName == jsonName)
            {
                return property;
            }
        }

        return null;
    }
}
