using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TenantOperator.LocalApiServer.JsonPath;

/// <summary>
/// Classifies JSON nodes the way an apiserver's unstructured decoder does and reads their scalar values.
/// A number whose literal parses as a 64-bit integer is an int64, any other number a float64.
/// </summary>
internal static class GoValues
{
    public static GoKind KindOf(JsonNode? node) => node switch
    {
        null => GoKind.Null,
        JsonObject => GoKind.Map,
        JsonArray => GoKind.Slice,
        JsonValue value => KindOfValue(value),
        _ => GoKind.Null,
    };

    public static bool TryGetInt64(JsonNode? node, out long result)
    {
        result = 0;
        return node is JsonValue value
            && value.GetValueKind() == JsonValueKind.Number
            && long.TryParse(value.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out result);
    }

    /// <summary>The numeric value as a double, for int64 and float64 alike.</summary>
    public static double GetDouble(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number
            ? double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture)
            : 0;

    public static bool TryGetString(JsonNode? node, out string result)
    {
        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.String)
        {
            result = value.GetValue<string>();
            return true;
        }
        result = "";
        return false;
    }

    public static bool TryGetBool(JsonNode? node, out bool result)
    {
        result = false;
        if (node is not JsonValue value)
        {
            return false;
        }
        switch (value.GetValueKind())
        {
            case JsonValueKind.True:
                result = true;
                return true;
            case JsonValueKind.False:
                return true;
            default:
                return false;
        }
    }

    /// <summary>Deep equality of two JSON values with Go semantics (int64 1 and float64 1.0 differ, as reflect.DeepEqual says).</summary>
    public static bool DeepEquals(JsonNode? left, JsonNode? right)
    {
        var kind = KindOf(left);
        if (kind != KindOf(right))
        {
            return false;
        }
        switch (kind)
        {
            case GoKind.Null:
                return true;
            case GoKind.Bool:
                TryGetBool(left, out var lb);
                TryGetBool(right, out var rb);
                return lb == rb;
            case GoKind.Int:
                TryGetInt64(left, out var li);
                TryGetInt64(right, out var ri);
                return li == ri;
            case GoKind.Float:
                return GetDouble(left).Equals(GetDouble(right));
            case GoKind.String:
                return left!.GetValue<string>() == right!.GetValue<string>();
            case GoKind.Slice:
                var la = (JsonArray)left!;
                var ra = (JsonArray)right!;
                if (la.Count != ra.Count)
                {
                    return false;
                }
                for (var i = 0; i < la.Count; i++)
                {
                    if (!DeepEquals(la[i], ra[i]))
                    {
                        return false;
                    }
                }
                return true;
            case GoKind.Map:
                var lo = (JsonObject)left!;
                var ro = (JsonObject)right!;
                if (lo.Count != ro.Count)
                {
                    return false;
                }
                foreach (var (key, value) in lo)
                {
                    if (!ro.TryGetPropertyValue(key, out var other) || !DeepEquals(value, other))
                    {
                        return false;
                    }
                }
                return true;
            default:
                return false;
        }
    }

    private static GoKind KindOfValue(JsonValue value) => value.GetValueKind() switch
    {
        JsonValueKind.String => GoKind.String,
        JsonValueKind.True or JsonValueKind.False => GoKind.Bool,
        JsonValueKind.Number => long.TryParse(value.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)
            ? GoKind.Int
            : GoKind.Float,
        JsonValueKind.Object => GoKind.Map,
        JsonValueKind.Array => GoKind.Slice,
        _ => GoKind.Null,
    };
}
