using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TenantOperator.LocalApiServer.BuiltIns.Typing;

/// <summary>
/// The first error runtime.DefaultUnstructuredConverter.FromUnstructured (k8s.io/apimachinery/pkg/runtime/converter.go)
/// meets when kube-apiserver turns the map a strategic merge patch produced into the typed object: struct fields in
/// declaration order, integers as int64 and other numbers as float64 (sigs.k8s.io/json PreserveInts), and Go's
/// reflect-based wording (<c>cannot convert int64 to string</c>, <c>cannot restore struct from: string</c>).
/// </summary>
internal static class UnstructuredConversion
{
    /// <summary>The converter's error for <paramref name="obj"/> as <paramref name="type"/>, or null.</summary>
    public static string? FirstError(JsonObject obj, GoStruct type) => Convert(obj, type);

    /// <summary>Go's <c>%+v</c> of the patch map, as the 422 shows it: <c>map[data:map[a:1]]</c>.</summary>
    public static string Print(JsonNode? node)
    {
        var text = new StringBuilder();
        Append(text, node);
        return text.ToString();
    }

    private static string? Convert(JsonNode? node, GoType type)
    {
        if (node is null)
        {
            return null;
        }

        var source = KindOf(node);
        switch (type)
        {
            case GoScalar scalar:
                return ConvertScalar(node, source, scalar);
            case GoBytes when source == "string":
                return GoBase64.Decode(node.GetValue<string>(), out var error) is null ? "error decoding from json: " + error : null;
            case GoBytes:
                return source == "slice" ? null : $"cannot restore slice from {source}";
            case GoSlice slice:
                return source != "slice"
                    ? $"cannot restore slice from {source}"
                    : ((JsonArray)node).Select(item => Convert(item, slice.Element)).FirstOrDefault(e => e is not null);
            case GoMap map:
                return source != "map" ? $"cannot restore map from {source}" : ((JsonObject)node).Select(m => Convert(m.Value, map.Value)).FirstOrDefault(e => e is not null);
            case GoStruct structType:
                if (source != "map")
                {
                    return $"cannot restore struct from: {source}";
                }

                var members = (JsonObject)node;
                return structType.Fields.Select(f => members.TryGetPropertyValue(f.JsonName, out var value) ? Convert(value, f.Type) : null).FirstOrDefault(e => e is not null);
            case GoIntOrString:
                // Types with their own UnmarshalJSON get the value as JSON.
                return source switch
                {
                    "string" => null,
                    "int64" or "float64" => IntOrStringNumberError(node),
                    _ => $"json: cannot unmarshal {JsonKind(node)} into Go value of type int32",
                };
            case GoTime time:
                if (source != "string")
                {
                    return $"json: cannot unmarshal {JsonKind(node)} into Go value of type string";
                }

                return GoTimestamp.TryParse(node.GetValue<string>(), time.Micro, out _, out var timeError) ? null : timeError;
            default:
                return null;
        }
    }

    private static string? ConvertScalar(JsonNode node, string source, GoScalar type)
    {
        var target = type.Kind.ToString().ToLowerInvariant();
        return (type.Kind, source) switch
        {
            (GoScalarKind.String, "string") or (GoScalarKind.Bool, "bool") => null,
            (GoScalarKind.Int32 or GoScalarKind.Int64, "int64") => null,
            (GoScalarKind.Int32 or GoScalarKind.Int64, "float64") when Math.Truncate(JsonPath.GoValues.GetDouble(node)) == JsonPath.GoValues.GetDouble(node) => null,

            // reflect lets integers convert to strings and floats to ints, and the converter then refuses them by name.
            (GoScalarKind.String, "int64") or (GoScalarKind.Int32 or GoScalarKind.Int64, "float64") => $"cannot convert {source} to {type.Name}",
            _ => $"unrecognized type: {(type.Kind == GoScalarKind.String ? "string" : target)}",
        };
    }

    // The number goes through json.Marshal (float64 in encoding/json's form) and then into an int32.
    private static string? IntOrStringNumberError(JsonNode node)
    {
        var raw = node.ToJsonString();
        var text = IsInteger(raw) ? raw : JsonPath.GoText.FormatJsonFloat(JsonPath.GoValues.GetDouble(node));
        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _) ? null : $"json: cannot unmarshal number {text} into Go value of type int32";
    }

    // The Go kind a PreserveInts decode gives a JSON value.
    private static string KindOf(JsonNode node) => node.GetValueKind() switch
    {
        JsonValueKind.Object => "map",
        JsonValueKind.Array => "slice",
        JsonValueKind.String => "string",
        JsonValueKind.True or JsonValueKind.False => "bool",
        JsonValueKind.Number => IsInteger(node.ToJsonString()) ? "int64" : "float64",
        _ => "invalid",
    };

    private static bool IsInteger(string raw) => !raw.Contains('.', StringComparison.Ordinal) && long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _);

    private static string JsonKind(JsonNode node) => node.GetValueKind() switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.True or JsonValueKind.False => "bool",
        _ => "number",
    };

    private static void Append(StringBuilder text, JsonNode? node)
    {
        switch (node)
        {
            case null:
                text.Append("<nil>");
                break;
            case JsonObject members:
                text.Append("map[");
                var first = true;
                foreach (var (key, value) in members.OrderBy(m => m.Key, StringComparer.Ordinal))
                {
                    text.Append(first ? string.Empty : " ").Append(key).Append(':');
                    Append(text, value);
                    first = false;
                }

                text.Append(']');
                break;
            case JsonArray items:
                text.Append('[');
                for (var i = 0; i < items.Count; i++)
                {
                    text.Append(i > 0 ? " " : string.Empty);
                    Append(text, items[i]);
                }

                text.Append(']');
                break;
            default:
                var kind = node.GetValueKind();
                text.Append(kind switch
                {
                    JsonValueKind.String => node.GetValue<string>(),
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    _ => IsInteger(node.ToJsonString()) ? node.ToJsonString() : JsonPath.GoText.FormatFloat(JsonPath.GoValues.GetDouble(node)),
                });
                break;
        }
    }
}
