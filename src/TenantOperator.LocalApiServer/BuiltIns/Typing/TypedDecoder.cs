using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TenantOperator.LocalApiServer.BuiltIns.Typing;

/// <summary>What decoding a JSON object into a Go struct gave.</summary>
/// <param name="Encoded">The object as Go writes the decoded struct back: unknown fields gone, fields in declaration
/// order, empty <c>omitempty</c> fields left out, zero values of the others written, times normalized.</param>
/// <param name="Error">The decoder's error (Go's wording), or null when the object decoded.</param>
/// <param name="UnknownFields">Fields the struct does not have, as strict decoding names them (<c>spec.ingress[0].foo</c>).</param>
internal sealed record TypedDecodeResult(JsonObject Encoded, string? Error, IReadOnlyList<string> UnknownFields);

/// <summary>
/// Decodes JSON into a <see cref="GoStruct"/> as kube-apiserver's decoder (sigs.k8s.io/json, a fork of Go's
/// encoding/json, case-sensitive) decodes a request body into the versioned Go struct, then encodes the result as Go
/// does. A value of the wrong JSON type is an UnmarshalTypeError naming the innermost struct, the path of JSON field
/// names from the root and the Go type; decoding goes on after one and reports the first, except that an error from a
/// type's own UnmarshalJSON (IntOrString, Time) stops it at once. Fields the struct lacks are dropped and listed.
/// </summary>
internal sealed class TypedDecoder
{
    private const int MaxUnknownFields = 100;
    private readonly List<(string Struct, string Field)> _context = [];
    private readonly List<string> _strictPath = [];
    private readonly List<string> _unknown = [];
    private readonly HashSet<string> _seenUnknown = new(StringComparer.Ordinal);
    private string? _savedError;

    private TypedDecoder()
    {
    }

    /// <summary>Decodes <paramref name="obj"/> into <paramref name="type"/>.</summary>
    public static TypedDecodeResult Decode(JsonObject obj, GoStruct type)
    {
        var decoder = new TypedDecoder();
        try
        {
            var encoded = (JsonObject)decoder.DecodeStruct(obj, type).Json!;
            return new TypedDecodeResult(encoded, decoder._savedError, decoder._unknown);
        }
        catch (AbortDecodeException abort)
        {
            return new TypedDecodeResult(obj, abort.Message, decoder._unknown);
        }
    }

    /// <summary>The JSON Go writes for the zero value of a field of <paramref name="type"/>.</summary>
    public static JsonNode? Zero(GoType type, bool pointer = false) => ZeroOf(type, pointer).Json;

    // A decoded value as Go writes it, and whether omitempty leaves it out.
    private readonly record struct Encoded(JsonNode? Json, bool Empty);

    private Encoded DecodeValue(JsonNode? node, GoType type, bool pointer)
    {
        if (node is null)
        {
            // JSON null: pointers, slices and maps become nil; other values keep their zero value.
            return ZeroOf(type, pointer);
        }

        var encoded = type switch
        {
            GoScalar scalar => DecodeScalar(node, scalar),
            GoBytes => DecodeBytes(node),
            GoSlice slice => DecodeSlice(node, slice),
            GoMap map => DecodeMap(node, map),
            GoStruct structType => DecodeStruct(node, structType),
            GoIntOrString => DecodeIntOrString(node),
            GoTime time => DecodeTime(node, time),
            GoRaw raw => new Encoded(node.DeepClone(), raw.IsList && node is JsonArray { Count: 0 }),
            _ => throw new InvalidOperationException($"no decoding for {type.Name}"),
        };

        // A pointer that was set is never empty, whatever it points to.
        return pointer && type is not GoSlice and not GoMap ? encoded with { Empty = false } : encoded;
    }

    private Encoded DecodeScalar(JsonNode node, GoScalar type)
    {
        var kind = node.GetValueKind();
        switch (type.Kind)
        {
            case GoScalarKind.String when kind == JsonValueKind.String:
                var text = node.GetValue<string>();
                return new Encoded(JsonValue.Create(text), text.Length == 0);
            case GoScalarKind.Bool when kind is JsonValueKind.True or JsonValueKind.False:
                var flag = kind == JsonValueKind.True;
                return new Encoded(JsonValue.Create(flag), !flag);
            case GoScalarKind.Int32 or GoScalarKind.Int64 when kind == JsonValueKind.Number:
                var raw = node.ToJsonString();
                if (long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
                    && (type.Kind == GoScalarKind.Int64 || number is >= int.MinValue and <= int.MaxValue))
                {
                    return new Encoded(JsonValue.Create(number), number == 0);
                }

                Save(TypeError("number " + raw, type.Name));
                return ZeroOf(type, pointer: false);
            default:
                Save(TypeError(JsonKindName(kind), type.Name));
                return ZeroOf(type, pointer: false);
        }
    }

    private Encoded DecodeBytes(JsonNode node)
    {
        if (node.GetValueKind() != JsonValueKind.String)
        {
            Save(TypeError(JsonKindName(node.GetValueKind()), GoBytes.Instance.Name));
            return new Encoded(null, true);
        }

        var bytes = GoBase64.Decode(node.GetValue<string>(), out var error);
        if (bytes is null)
        {
            // Go saves the base64 error as it is: it is not a type error, so it carries no field.
            _savedError ??= error;
            return new Encoded(null, true);
        }

        return new Encoded(JsonValue.Create(GoBase64.Encode(bytes)), bytes.Length == 0);
    }

    private Encoded DecodeSlice(JsonNode node, GoSlice type)
    {
        if (node is not JsonArray array)
        {
            Save(TypeError(JsonKindName(node.GetValueKind()), type.Name));
            return new Encoded(null, true);
        }

        var result = new JsonArray();
        for (var i = 0; i < array.Count; i++)
        {
            _strictPath.Add($"[{i.ToString(CultureInfo.InvariantCulture)}]");
            result.Add(DecodeValue(array[i], type.Element, pointer: false).Json);
            _strictPath.RemoveAt(_strictPath.Count - 1);
        }

        return new Encoded(result, result.Count == 0);
    }

    private Encoded DecodeMap(JsonNode node, GoMap type)
    {
        if (node is not JsonObject members)
        {
            Save(TypeError(JsonKindName(node.GetValueKind()), type.Name));
            return new Encoded(null, true);
        }

        // Go writes map keys sorted.
        var result = new JsonObject();
        foreach (var (key, value) in members.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            _strictPath.Add(StrictKey(key));
            result[key] = DecodeValue(value, type.Value, pointer: false).Json;
            _strictPath.RemoveAt(_strictPath.Count - 1);
        }

        return new Encoded(result, result.Count == 0);
    }

    private Encoded DecodeStruct(JsonNode node, GoStruct type)
    {
        if (node is not JsonObject members)
        {
            Save(TypeError(JsonKindName(node.GetValueKind()), type.Name));
            return ZeroOf(type, pointer: false);
        }

        var decoded = new Dictionary<string, Encoded>(StringComparer.Ordinal);
        foreach (var (key, value) in members)
        {
            var field = type.Field(key);
            if (field is null)
            {
                AddUnknown(key);
                continue;
            }

            _context.Add((type.TypeName, field.JsonName));
            _strictPath.Add(StrictKey(field.JsonName));
            decoded[key] = DecodeValue(value, field.Type, field.Pointer);
            _strictPath.RemoveAt(_strictPath.Count - 1);
            _context.RemoveAt(_context.Count - 1);
        }

        var result = new JsonObject();
        foreach (var field in type.Fields)
        {
            var value = decoded.TryGetValue(field.JsonName, out var given) ? given : ZeroOf(field.Type, field.Pointer);
            if (!(field.OmitEmpty && value.Empty))
            {
                result[field.JsonName] = value.Json;
            }
        }

        // A struct is never empty to omitempty.
        return new Encoded(result, false);
    }

    private Encoded DecodeIntOrString(JsonNode node)
    {
        var kind = node.GetValueKind();
        if (kind == JsonValueKind.String)
        {
            return new Encoded(JsonValue.Create(node.GetValue<string>()), false);
        }

        // IntOrString.UnmarshalJSON hands anything else to json.Unmarshal into an int32: its error stops the decoder.
        if (kind == JsonValueKind.Number)
        {
            var raw = node.ToJsonString();
            if (int.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
            {
                return new Encoded(JsonValue.Create((long)number), false);
            }

            throw Abort(TypeError("number " + raw, "int32"));
        }

        throw Abort(TypeError(JsonKindName(kind), "int32"));
    }

    private Encoded DecodeTime(JsonNode node, GoTime type)
    {
        // Time.UnmarshalJSON reads a JSON string with json.Unmarshal, then time.Parse; both errors stop the decoder.
        var kind = node.GetValueKind();
        if (kind != JsonValueKind.String)
        {
            throw Abort(TypeError(JsonKindName(kind), "string"));
        }

        if (!GoTimestamp.TryParse(node.GetValue<string>(), type.Micro, out var timestamp, out var error))
        {
            throw new AbortDecodeException(error);
        }

        return new Encoded(timestamp.IsZero ? null : JsonValue.Create(timestamp.Format(type.Micro)), false);
    }

    private static Encoded ZeroOf(GoType type, bool pointer)
    {
        if (pointer)
        {
            return new Encoded(null, true);
        }

        return type switch
        {
            GoScalar { Kind: GoScalarKind.String } => new Encoded(JsonValue.Create(string.Empty), true),
            GoScalar { Kind: GoScalarKind.Bool } => new Encoded(JsonValue.Create(false), true),
            GoScalar => new Encoded(JsonValue.Create(0L), true),
            GoStruct structType => new Encoded(ZeroStruct(structType), false),
            GoIntOrString => new Encoded(JsonValue.Create(0L), false),
            GoTime => new Encoded(null, false),
            _ => new Encoded(null, true),
        };
    }

    private static JsonObject ZeroStruct(GoStruct type)
    {
        var result = new JsonObject();
        foreach (var field in type.Fields)
        {
            var zero = ZeroOf(field.Type, field.Pointer);
            if (!(field.OmitEmpty && zero.Empty))
            {
                result[field.JsonName] = zero.Json;
            }
        }

        return result;
    }

    private void AddUnknown(string key)
    {
        var path = string.Concat(_strictPath) + (_strictPath.Count > 0 ? "." : string.Empty) + key;
        if (_unknown.Count < MaxUnknownFields && _seenUnknown.Add(path))
        {
            _unknown.Add(path);
        }
    }

    private string StrictKey(string key) => _strictPath.Count > 0 ? "." + key : key;

    private void Save(string error) => _savedError ??= error;

    // Go's UnmarshalTypeError text, with the decoder's context: the innermost struct and the JSON field names from the root.
    private string TypeError(string value, string goType) => _context.Count == 0
        ? $"json: cannot unmarshal {value} into Go value of type {goType}"
        : $"json: cannot unmarshal {value} into Go struct field {_context[^1].Struct}.{string.Join('.', _context.Select(c => c.Field))} of type {goType}";

    private static AbortDecodeException Abort(string message) => new(message);

    private static string JsonKindName(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "bool",
        _ => "null",
    };

    private sealed class AbortDecodeException(string message) : Exception(message);
}
