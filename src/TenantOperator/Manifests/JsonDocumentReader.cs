using System.Text.Json;
using System.Text.Json.Nodes;

namespace TenantOperator.Manifests;

/// <summary>
/// Reads an input that starts with <c>{</c> as kubectl does (k8s.io/apimachinery's YAMLOrJSONDecoder): a stream of
/// strict JSON values, so trailing commas and comments are syntax errors. Duplicate keys, which kubectl resolves
/// silently to the last value, are refused; numbers that a 64-bit float cannot hold are refused as kubectl refuses them.
/// Values are built without recursion and counted against the <see cref="InputBudget"/>.
/// </summary>
internal static class JsonDocumentReader
{
    /// <summary>Reads every value of <paramref name="utf8"/>, handing each complete top-level value to <paramref name="onDocument"/>.</summary>
    /// <exception cref="ManifestInputException">The text is malformed or over a limit; the values before it were handed over.</exception>
    public static void Read(byte[] utf8, InputBudget budget, Action<JsonNode?> onDocument)
    {
        var maxDepth = budget.Limits.MaxDepth;
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions
        {
            AllowMultipleValues = true,
            AllowTrailingCommas = false,
            CommentHandling = JsonCommentHandling.Disallow,
            MaxDepth = maxDepth + 1, // our own check below reports the limit first, with its position
        });
        var frames = new Stack<Frame>();
        try
        {
            while (reader.Read())
            {
                JsonNode? value;
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        if (frames.Count + 1 > maxDepth)
                        {
                            throw Error($"nesting deeper than {maxDepth} levels", utf8, reader.TokenStartIndex);
                        }

                        Count(budget, utf8, reader.TokenStartIndex);
                        frames.Push(new Frame(reader.TokenType == JsonTokenType.StartObject ? new JsonObject() : new JsonArray()));
                        continue;
                    case JsonTokenType.PropertyName:
                        var key = ReadString(ref reader, utf8);
                        var frame = frames.Peek();
                        if (((JsonObject)frame.Node).ContainsKey(key))
                        {
                            throw Error($"duplicate key {Quoted.Of(key)}: kubectl would silently keep the last value", utf8, reader.TokenStartIndex);
                        }

                        frame.Key = key;
                        continue;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        value = frames.Pop().Node;
                        break;
                    case JsonTokenType.String:
                        Count(budget, utf8, reader.TokenStartIndex);
                        value = JsonValue.Create(ReadString(ref reader, utf8));
                        break;
                    case JsonTokenType.Number:
                        Count(budget, utf8, reader.TokenStartIndex);
                        value = Number(ref reader, utf8);
                        break;
                    case JsonTokenType.True or JsonTokenType.False:
                        Count(budget, utf8, reader.TokenStartIndex);
                        value = JsonValue.Create(reader.TokenType == JsonTokenType.True);
                        break;
                    default:
                        Count(budget, utf8, reader.TokenStartIndex);
                        value = null;
                        break;
                }

                if (!frames.TryPeek(out var parent))
                {
                    onDocument(value);
                }
                else if (parent.Node is JsonArray array)
                {
                    array.Add(value);
                }
                else
                {
                    ((JsonObject)parent.Node)[parent.Key!] = value;
                }
            }
        }
        catch (JsonException ex)
        {
            throw new ManifestInputException($"malformed JSON: {Clean(ex.Message)}", (ex.LineNumber ?? 0) + 1, (ex.BytePositionInLine ?? 0) + 1);
        }
    }

    /// <summary>A string token's text; an escaped lone surrogate (<c>"\ud800"</c>), which is no text, is an error with its position.</summary>
    private static string ReadString(ref Utf8JsonReader reader, byte[] utf8)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw Error("a \\u escape is half of a surrogate pair, which is no character (kubectl would send U+FFFD instead)", utf8, reader.TokenStartIndex);
        }
    }

    private static JsonNode Number(ref Utf8JsonReader reader, byte[] utf8)
    {
        if (reader.TryGetInt64(out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (reader.TryGetUInt64(out var unsigned))
        {
            return JsonValue.Create(unsigned);
        }

        if (reader.TryGetDouble(out var number) && double.IsFinite(number))
        {
            // kubectl re-encodes what it read, so 80.0 reaches the server as 80.
            return number == Math.Floor(number) && number >= -9.2233720368547758E18 && number < 9.2233720368547758E18
                ? JsonValue.Create((long)number)
                : JsonValue.Create(number);
        }

        var text = System.Text.Encoding.UTF8.GetString(reader.ValueSpan);
        throw Error($"the number {Quoted.Cut(text)} is out of range: JSON numbers must fit a 64-bit float, and kubectl refuses it", utf8, reader.TokenStartIndex);
    }

    private static void Count(InputBudget budget, byte[] utf8, long offset)
    {
        try
        {
            budget.AddNodes(1, 0, 0);
        }
        catch (ManifestInputException ex)
        {
            var located = Error(ex.Message, utf8, offset);
            throw new ManifestInputException(ex.Message, located.Line, located.Column, ex.EndsReading);
        }
    }

    private static ManifestInputException Error(string message, byte[] utf8, long offset)
    {
        var before = utf8.AsSpan(0, (int)offset);
        var line = before.Count((byte)'\n') + 1;
        var column = offset - (before.LastIndexOf((byte)'\n') + 1) + 1;
        return new ManifestInputException(message, line, column);
    }

    /// <summary>System.Text.Json appends the position, which the error prints on its own.</summary>
    private static string Clean(string message)
    {
        var at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return Quoted.OneLine(at > 0 ? message[..at].TrimEnd(' ', '|') : message);
    }

    private sealed class Frame(JsonNode node)
    {
        public JsonNode Node { get; } = node;

        public string? Key { get; set; }
    }
}
