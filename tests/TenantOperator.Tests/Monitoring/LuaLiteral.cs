using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Serialization;

namespace TenantOperator.Tests.Monitoring;

/// <summary>
/// A Kubernetes object as a Lua table constructor, the shape Argo CD hands a health script in <c>obj</c> (its Lua is
/// 5.1: objects are tables, arrays are sequences from 1, JSON numbers are numbers, null fields are absent).
/// </summary>
internal static class LuaLiteral
{
    /// <summary>Reads YAML as kubectl would type it (unquoted numbers and booleans are numbers and booleans).</summary>
    public static string FromYaml(string yaml)
    {
        var value = new DeserializerBuilder().WithAttemptingUnquotedStringTypeDeserialization().Build().Deserialize<object>(yaml);
        return FromJson(JsonSerializer.SerializeToNode(Normalize(value)));
    }

    public static string FromJson(JsonNode? node)
    {
        var text = new StringBuilder();
        Write(node, text);
        return text.ToString();
    }

    // YamlDotNet maps have object keys; JSON wants strings.
    private static object? Normalize(object? value) => value switch
    {
        Dictionary<object, object?> map => map.ToDictionary(kv => Convert.ToString(kv.Key, CultureInfo.InvariantCulture)!, kv => Normalize(kv.Value)),
        List<object?> list => list.Select(Normalize).ToList(),
        _ => value,
    };

    private static void Write(JsonNode? node, StringBuilder text)
    {
        switch (node)
        {
            case null:
                text.Append("nil");
                break;
            case JsonObject obj:
                text.Append('{');
                foreach (var (key, value) in obj.Where(kv => kv.Value is not null))
                {
                    text.Append('[').Append(Quote(key)).Append("]=");
                    Write(value, text);
                    text.Append(',');
                }

                text.Append('}');
                break;
            case JsonArray array:
                text.Append('{');
                foreach (var item in array)
                {
                    Write(item, text);
                    text.Append(',');
                }

                text.Append('}');
                break;
            default:
                text.Append(node.GetValueKind() switch
                {
                    JsonValueKind.String => Quote(node.GetValue<string>()),
                    JsonValueKind.Number => node.ToJsonString(), // a JSON number is a Lua numeral
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    _ => "nil",
                });
                break;
        }
    }

    // Decimal escapes for every byte outside printable ASCII, as Lua 5.1 reads them.
    private static string Quote(string value)
    {
        var text = new StringBuilder("\"");
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (b is >= 0x20 and < 0x7f && b != '"' && b != '\\')
            {
                text.Append((char)b);
            }
            else
            {
                text.Append('\\').Append(b.ToString("D3", CultureInfo.InvariantCulture));
            }
        }

        return text.Append('"').ToString();
    }
}
