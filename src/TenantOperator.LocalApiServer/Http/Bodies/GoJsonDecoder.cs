using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.JsonPath;

namespace TenantOperator.LocalApiServer.Http.Bodies;

/// <summary>
/// Reads a JSON body the way kube-apiserver's decoder (sigs.k8s.io/json, a fork of Go's encoding/json)
/// reads it, into a <see cref="JsonNode"/> tree:
/// <list type="bullet">
/// <item>duplicate keys: the last wins, and each is a strict error <c>duplicate field "a.b[0].c"</c>;</item>
/// <item>broken UTF-8 and lone UTF-16 surrogate escapes inside strings become U+FFFD;</item>
/// <item>an integer that fits int64 stays an integer; any other number becomes a float64, written as Go
/// writes it, and a number beyond float64's range is an error;</item>
/// <item>nesting deeper than <see cref="MaxDepth"/> is an error (Go allows 10,000 levels; see <see cref="JsonDepth"/>);</item>
/// <item>anything but one JSON value (with white space around it) is a syntax error.</item>
/// </list>
/// The tree is built without recursion, so no body can exhaust the stack here.
/// </summary>
internal static class GoJsonDecoder
{
    /// <summary>Nested objects and arrays allowed, the root included (see <see cref="JsonDepth.Max"/>).</summary>
    public const int MaxDepth = JsonDepth.Max;

    // sigs.k8s.io/json keeps at most 100 strict errors.
    private const int MaxStrictErrors = 100;

    public static DecodedJson Decode(ReadOnlyMemory<byte> body)
    {
        var bytes = Utf8Repair.Repair(body);
        var reader = new Utf8JsonReader(bytes.Span, new JsonReaderOptions
        {
            // One more than allowed, so the reader lets us see the step too deep and say so ourselves.
            MaxDepth = MaxDepth + 1,
            CommentHandling = JsonCommentHandling.Disallow,
            AllowTrailingCommas = false,
        });
        var builder = new TreeBuilder();
        try
        {
            while (reader.Read())
            {
                builder.Accept(ref reader);
            }
        }
        catch (JsonException e)
        {
            throw new JsonDecodeException(SyntaxMessage(e, reader.BytesConsumed, bytes.Length), isSyntax: true);
        }

        if (!builder.Complete)
        {
            throw new JsonDecodeException("unexpected end of JSON input", isSyntax: true);
        }

        return new DecodedJson(builder.Root, builder.StrictErrors);
    }

    private static string SyntaxMessage(JsonException e, long consumed, int length)
    {
        // System.Text.Json's messages end with line and byte positions; say the offset once, plainly.
        var message = e.Message;
        var position = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (position > 0)
        {
            message = message[..position].TrimEnd();
        }

        var offset = e.BytePositionInLine is { } inLine && e.LineNumber == 0 ? inLine : consumed;
        return offset >= length ? $"unexpected end of JSON input ({message})" : $"invalid JSON at byte {offset.ToString(CultureInfo.InvariantCulture)}: {message}";
    }

    /// <summary>A JSON number as Go's decoder holds it: int64 when it is an integer that fits, else float64.</summary>
    private static JsonNode NumberNode(ReadOnlySpan<byte> raw)
    {
        var text = Encoding.ASCII.GetString(raw);
        if (raw.IndexOfAny(".eE"u8) < 0 && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        var value = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (double.IsInfinity(value))
        {
            throw new JsonDecodeException($"json: cannot unmarshal number {text} into Go value of type float64", isSyntax: false);
        }

        // Go writes the float64 back in its shortest form (1.0 is 1, 1e2 is 100); keep that text.
        using var document = JsonDocument.Parse(GoText.FormatJsonFloat(value));
        return JsonValue.Create(document.RootElement.Clone())!;
    }

    /// <summary>Unescapes a JSON string token, replacing invalid surrogate escapes with U+FFFD as Go does.</summary>
    private static string StringValue(ref Utf8JsonReader reader)
    {
        var raw = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan;
        return reader.ValueIsEscaped ? GoUnquote.Unescape(raw) : Encoding.UTF8.GetString(raw);
    }

    private sealed class TreeBuilder
    {
        private readonly Stack<Frame> _open = new();
        private readonly List<string> _strictErrors = [];
        private readonly HashSet<string> _seenErrors = new(StringComparer.Ordinal);
        private string? _pendingKey;

        public JsonNode? Root { get; private set; }

        public bool Complete { get; private set; }

        public IReadOnlyList<string> StrictErrors => _strictErrors;

        public void Accept(ref Utf8JsonReader reader)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    Open(new JsonObject(), reader.CurrentDepth);
                    return;
                case JsonTokenType.StartArray:
                    Open(new JsonArray(), reader.CurrentDepth);
                    return;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    _open.Pop();
                    Complete = _open.Count == 0;
                    return;
                case JsonTokenType.PropertyName:
                    _pendingKey = StringValue(ref reader);
                    return;
                case JsonTokenType.String:
                    Place(JsonValue.Create(StringValue(ref reader)));
                    return;
                case JsonTokenType.Number:
                    Place(NumberNode(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan));
                    return;
                case JsonTokenType.True:
                    Place(JsonValue.Create(true));
                    return;
                case JsonTokenType.False:
                    Place(JsonValue.Create(false));
                    return;
                case JsonTokenType.Null:
                    Place(null);
                    return;
            }
        }

        private void Open(JsonNode container, int depth)
        {
            if (depth >= MaxDepth)
            {
                throw new JsonDecodeException($"exceeded max depth of {MaxDepth.ToString(CultureInfo.InvariantCulture)}", isSyntax: true);
            }

            var path = Place(container);
            _open.Push(new Frame(container, path));
        }

        // Adds a value to the open container (or makes it the root) and returns its path for strict errors.
        private string Place(JsonNode? value)
        {
            if (_open.Count == 0)
            {
                Root = value;
                Complete = value is not (JsonObject or JsonArray);
                return string.Empty;
            }

            var parent = _open.Peek();
            if (parent.Node is JsonArray array)
            {
                var itemPath = $"{parent.Path}[{array.Count.ToString(CultureInfo.InvariantCulture)}]";
                array.Add(value);
                return itemPath;
            }

            var obj = (JsonObject)parent.Node;
            var key = _pendingKey!;
            _pendingKey = null;
            var path = parent.Path.Length == 0 ? key : $"{parent.Path}.{key}";
            if (obj.ContainsKey(key))
            {
                AddStrictError($"duplicate field {GoText.Quote(path)}");
            }

            obj[key] = value;
            return path;
        }

        private void AddStrictError(string error)
        {
            if (_strictErrors.Count < MaxStrictErrors && _seenErrors.Add(error))
            {
                _strictErrors.Add(error);
            }
        }

        private readonly record struct Frame(JsonNode Node, string Path);
    }
}
