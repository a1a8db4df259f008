using System.Text;
using System.Text.Json;

namespace TenantOperator.LocalApiServer.Schema.Cel.Types;

/// <summary>
/// Declares a structural schema to CEL as kube-apiserver does (k8s.io/apiserver/pkg/cel/common SchemaDeclType, v0.32):
/// the types rules see and the sizes the cost estimator assumes. A string's size is its <c>maxLength</c> times four
/// (bytes of a code point), the longest <c>enum</c> value, a fixed bound for <c>date</c>/<c>date-time</c>/<c>duration</c>,
/// or else what fits in a 3 MiB request; a list's <c>maxItems</c> and a map's <c>maxProperties</c>, or else how many
/// of the smallest possible items fit in a request; an int-or-string is <c>dyn</c> sized like an unbounded string,
/// whatever its maxLength. Nodes CEL cannot see (no type, untyped items) give null.
/// </summary>
internal static class SchemaDeclTypes
{
    /// <summary>The largest request kube-apiserver accepts (k8s.io/apiserver/pkg/apis/cel MaxRequestSizeBytes).</summary>
    public const long MaxRequestSizeBytes = 3 * 1024 * 1024;

    private const long MaxDurationSizeJson = 32;
    private const long MaxDatetimeSizeJson = 32;
    private const long MinDurationSizeJson = 3;
    private const long JsonDateSize = 12;
    private const long MinDatetimeSizeJson = 21;
    private const long MinStringSize = 2;
    private const long MinBoolSize = 4;
    private const long MinNumberSize = 1;

    /// <summary>The declaration of a map key (cel.StringType: a size of zero, a quirk the estimator inherits).</summary>
    public static readonly CelDeclType MapKey = new(0, MinStringSize) { Type = CelType.String };

    /// <summary>
    /// The declaration of <paramref name="schema"/>; <paramref name="isResourceRoot"/> for the root of a custom
    /// resource or an embedded resource, where <c>apiVersion</c>, <c>kind</c> and <c>metadata.name</c>/
    /// <c>generateName</c> are always declared.
    /// </summary>
    public static CelDeclType? For(SchemaNode schema, bool isResourceRoot)
    {
        if (schema.IntOrString)
        {
            return new CelDeclType(MaxRequestSizeBytes - 2, 1) { Type = CelType.Dyn };
        }

        return schema.Type switch
        {
            "array" => ForArray(schema),
            "object" => ForObject(schema, isResourceRoot),
            "string" => ForString(schema),
            "boolean" => new CelDeclType(0, MinBoolSize) { Type = CelType.Bool },
            "number" => new CelDeclType(0, MinNumberSize) { Type = CelType.Double },
            "integer" => new CelDeclType(0, MinNumberSize) { Type = CelType.Int },
            _ => null,
        };
    }

    private static CelDeclType? ForArray(SchemaNode schema)
    {
        if (schema.Items is null || For(schema.Items, schema.Items.EmbeddedResource) is not { } items)
        {
            return null;
        }

        var maxItems = schema.MaxItems is { } max ? Math.Max(0, max) : (MaxRequestSizeBytes - 2) / (items.MinSerializedSize + 1);
        return new CelDeclType(maxItems, 2) { Type = CelType.List(items.Type), Element = items };
    }

    private static CelDeclType? ForObject(SchemaNode schema, bool isResourceRoot)
    {
        if (schema.AdditionalProperties is { } valueSchema)
        {
            if (For(valueSchema, valueSchema.EmbeddedResource) is not { } values)
            {
                return null;
            }

            var maxProperties = schema.MaxProperties is { } max ? Math.Max(0, max) : (MaxRequestSizeBytes - 2) / (values.MinSerializedSize + 6);
            return new CelDeclType(maxProperties, 2) { Type = CelType.Map(CelType.String, values.Type), Key = MapKey, Element = values };
        }

        var fields = new Dictionary<string, CelDeclType>(StringComparer.Ordinal);
        var minSerializedSize = 2L; // {}
        foreach (var (name, property) in isResourceRoot ? WithTypeAndObjectMeta(schema) : schema.PropertyList)
        {
            if (For(property, property.EmbeddedResource) is not { } field)
            {
                continue;
            }

            if (CelFieldNames.Escape(name) is { } escaped)
            {
                fields[escaped] = field;
            }

            // Only required fields without a default must appear in every serialized object.
            if (schema.Required.Contains(name) && !property.HasDefault)
            {
                minSerializedSize += Encoding.UTF8.GetByteCount(name) + field.MinSerializedSize + 4;
            }
        }

        return CelDeclType.NewObject(fields, minSerializedSize);
    }

    private static CelDeclType ForString(SchemaNode schema) => schema.Format switch
    {
        "byte" => new CelDeclType(schema.MaxLength is { } max ? Math.Max(0, max) : MaxRequestSizeBytes - 2, MinStringSize) { Type = CelType.Bytes },
        "duration" => new CelDeclType(MaxDurationSizeJson, MinDurationSizeJson) { Type = CelType.Duration },
        "date" => new CelDeclType(JsonDateSize, JsonDateSize) { Type = CelType.Timestamp },
        "date-time" => new CelDeclType(MaxDatetimeSizeJson, MinDatetimeSizeJson) { Type = CelType.Timestamp },
        _ => new CelDeclType(StringMaxElements(schema), MinStringSize) { Type = CelType.String },
    };

    private static long StringMaxElements(SchemaNode schema)
    {
        if (schema.MaxLength is { } max)
        {
            // maxLength counts code points; a code point takes up to four bytes.
            return Math.Max(0, max) * 4;
        }

        if (schema.Enum is { Count: > 0 } values)
        {
            return values.Where(v => v?.GetValueKind() == JsonValueKind.String)
                .Select(v => (long)Encoding.UTF8.GetByteCount(v!.GetValue<string>()))
                .DefaultIfEmpty(0).Max();
        }

        return MaxRequestSizeBytes - 2;
    }

    // kube-apiserver's WithTypeAndObjectMeta: unless the schema already declares them as strings, apiVersion and kind
    // are plain strings, and metadata is an object of just name and generateName.
    private static IEnumerable<KeyValuePair<string, SchemaNode>> WithTypeAndObjectMeta(SchemaNode schema)
    {
        var properties = schema.Properties;
        if (properties.TryGetValue("kind", out var kind) && kind.Type == "string"
            && properties.TryGetValue("apiVersion", out var apiVersion) && apiVersion.Type == "string"
            && properties.TryGetValue("metadata", out var metadata) && metadata.Type == "object"
            && metadata.Properties.TryGetValue("name", out var name) && name.Type == "string"
            && metadata.Properties.TryGetValue("generateName", out var generateName) && generateName.Type == "string")
        {
            return schema.PropertyList;
        }

        var replaced = schema.PropertyList.Where(p => p.Key is not ("kind" or "apiVersion" or "metadata")).ToList();
        replaced.Add(new("kind", new SchemaNode { Type = "string" }));
        replaced.Add(new("apiVersion", new SchemaNode { Type = "string" }));
        var objectMeta = new SchemaNode { Type = "object" };
        objectMeta.PropertyList.Add(new("name", new SchemaNode { Type = "string" }));
        objectMeta.PropertyList.Add(new("generateName", new SchemaNode { Type = "string" }));
        replaced.Add(new("metadata", objectMeta));
        return replaced;
    }
}
