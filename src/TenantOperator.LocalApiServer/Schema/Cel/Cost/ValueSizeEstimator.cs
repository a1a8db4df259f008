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
/// is never more than the cost estimated for it when its CRD was created, except through map keys, which the static
/// estimate sizes 0 as Kubernetes does.
/// </summary>
internal sealed class ValueSizeEstimator(Func<string, JsonNode?> roots) : ISizeEstimator
{
    /// <summary>Sizes a CRD rule's paths: <c>oldSelf</c> from the old value, any other root from <c>self</c>.</summary>
    public ValueSizeEstimator(JsonNode? self, JsonNode? oldSelf)
        : this(root => root == "oldSelf" ? oldSelf : self)
    {
    }

    public SizeEstimate? EstimateSize(CostNode node)
    {
        if (node.Path is not { Count: > 0 } path)
        {
            return null;
        }

        var range = new Range();
        Visit(roots(path[0]), path, 1, node.Type, ref range);
        return new SizeEstimate(range.Min ?? 0, range.Max);
    }

    private static void Visit(JsonNode? value, IReadOnlyList<string> path, int step, CelType type, ref Range range)
    {
        if (step == path.Count)
        {
            range.Add(Size(value, type));
            return;
        }

        switch (path[step], value)
        {
            case ("@items", JsonArray array):
                foreach (var item in array)
                {
                    Visit(item, path, step + 1, type, ref range);
                }

                break;
            case ("@values", JsonObject map):
                foreach (var entry in map)
                {
                    Visit(entry.Value, path, step + 1, type, ref range);
                }

                break;
            case ("@elements", JsonArray array):
                foreach (var item in array)
                {
                    Visit(item, path, step + 1, type, ref range);
                }

                break;
            case ("@keys" or "@elements", JsonObject map):
                foreach (var entry in map)
                {
                    // A key is the last step: CEL cannot select into a string.
                    range.Add((ulong)entry.Key.EnumerateRunes().Count());
                }

                break;
            case (var field, JsonObject obj) when field[0] != '@':
                // Field names in CEL are escaped (x-y is x__dash__y).
                foreach (var (name, member) in obj)
                {
                    if (name == field || CelFieldNames.Escape(name) == field)
                    {
                        Visit(member, path, step + 1, type, ref range);
                    }
                }

                break;
        }
    }

    private struct Range
    {
        public ulong? Min;
        public ulong Max;

        public void Add(ulong size)
        {
            Min = Min is { } min ? Math.Min(min, size) : size;
            Max = Math.Max(Max, size);
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
