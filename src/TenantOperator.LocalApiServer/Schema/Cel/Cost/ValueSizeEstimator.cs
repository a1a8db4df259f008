using System.Text.Json;
using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Schema.Cel.Types;

namespace TenantOperator.LocalApiServer.Schema.Cel.Cost;

/// <summary>
/// Sizes values as they are in the object being admitted, for the runtime cost limits: the path is walked in
/// <c>self</c> (or <c>oldSelf</c>) and the size is CEL's <c>size()</c> of what it reaches (a string's code points, a
/// list's items, a map's entries), the smallest and largest over all the list items or map entries the path spans;
/// an absent value has size 0. As in <see cref="SchemaSizeEstimator"/>, a path from another root (a type name, a
/// range that is not a variable) is walked from <c>self</c>, and numbers and booleans have size 0. Since an admitted
/// object respects its schema's bounds, these sizes never exceed the schema's, so the cost of a rule over an object
/// is never more than the cost estimated for it when its CRD was created.
/// </summary>
internal sealed class ValueSizeEstimator(JsonNode? self, JsonNode? oldSelf) : ISizeEstimator
{
    public SizeEstimate? EstimateSize(CostNode node)
    {
        if (node.Path is not { Count: > 0 } path)
        {
            return null;
        }

        IEnumerable<JsonNode?> values = [path[0] == "oldSelf" ? oldSelf : self];
        foreach (var step in path.Skip(1))
        {
            values = step switch
            {
                "@items" => values.SelectMany(v => v is JsonArray array ? array : []),
                "@values" => values.SelectMany(v => v is JsonObject map ? map.Select(e => e.Value) : []),
                "@keys" => values.SelectMany(v => v is JsonObject map ? map.Select(e => (JsonNode?)JsonValue.Create(e.Key)) : []),
                _ => values.SelectMany(v => v is JsonObject obj ? Member(obj, step) : []),
            };
        }

        ulong? min = null;
        ulong max = 0;
        foreach (var value in values)
        {
            var size = Size(value, node.Type);
            min = min is { } m ? Math.Min(m, size) : size;
            max = Math.Max(max, size);
        }

        return new SizeEstimate(min ?? 0, max);
    }

    // Field names in CEL are escaped (x-y is x__dash__y).
    private static IEnumerable<JsonNode?> Member(JsonObject obj, string field)
    {
        foreach (var (name, value) in obj)
        {
            if (name == field || CelFieldNames.Escape(name) == field)
            {
                yield return value;
            }
        }
    }

    private static ulong Size(JsonNode? value, CelType type) => value switch
    {
        JsonArray array => (ulong)array.Count,
        JsonObject obj => (ulong)obj.Count,
        JsonValue text when text.GetValueKind() == JsonValueKind.String => type.Kind switch
        {
            CelTypeKind.Timestamp or CelTypeKind.Duration => 1,
            // format: byte is base64 text of bytes; CEL sees the bytes.
            CelTypeKind.Bytes => (ulong)(text.GetValue<string>().Length * 3 / 4),
            _ => (ulong)text.GetValue<string>().EnumerateRunes().Count(),
        },
        _ => 0,
    };
}
