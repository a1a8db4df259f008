using System.Globalization;
using System.Text.Json.Nodes;

namespace TenantOperator.LocalApiServer.Patching;

/// <summary>JSON Patch (RFC 6902): add, remove, replace, move, copy and test on JSON Pointer paths.</summary>
internal static class JsonPatch
{
    public static JsonNode Apply(JsonNode document, JsonArray operations)
    {
        var root = new JsonObject { ["doc"] = document.DeepClone() };
        foreach (var item in operations)
        {
            if (item is not JsonObject operation || operation["op"]?.GetValue<string>() is not { } op)
            {
                throw new PatchException("each JSON patch operation must be an object with an \"op\"");
            }

            var path = PathOf(operation, "path");
            switch (op)
            {
                case "add":
                    Add(root, path, ValueOf(operation));
                    break;
                case "remove":
                    Remove(root, path);
                    break;
                case "replace":
                    Remove(root, path);
                    Add(root, path, ValueOf(operation));
                    break;
                case "move":
                    var moved = Remove(root, PathOf(operation, "from"));
                    Add(root, path, moved);
                    break;
                case "copy":
                    Add(root, path, Get(root, PathOf(operation, "from"))?.DeepClone());
                    break;
                case "test":
                    if (!JsonNode.DeepEquals(Get(root, path), operation["value"]))
                    {
                        throw new PatchException($"testing value {operation["value"]?.ToJsonString() ?? "null"} at path {path} failed");
                    }

                    break;
                default:
                    throw new PatchException($"Unexpected kind: {op}");
            }
        }

        return root["doc"]!;
    }

    private static string PathOf(JsonObject operation, string member) =>
        operation[member]?.GetValue<string>() ?? throw new PatchException($"operation {operation["op"]} is missing \"{member}\"");

    private static JsonNode? ValueOf(JsonObject operation) =>
        operation.TryGetPropertyValue("value", out var value) ? value?.DeepClone() : throw new PatchException($"operation {operation["op"]} is missing \"value\"");

    private static List<string> Tokens(string pointer)
    {
        if (pointer.Length == 0)
        {
            return ["doc"];
        }

        if (pointer[0] != '/')
        {
            throw new PatchException($"invalid JSON pointer: \"{pointer}\"");
        }

        return ["doc", .. pointer[1..].Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal))];
    }

    private static (JsonNode Parent, string Last) Parent(JsonObject root, string pointer)
    {
        var tokens = Tokens(pointer);
        JsonNode current = root;
        foreach (var token in tokens.Take(tokens.Count - 1))
        {
            current = Child(current, token) ?? throw new PatchException($"doc is missing path: \"{pointer}\"");
        }

        return (current, tokens[^1]);
    }

    private static JsonNode? Child(JsonNode node, string token) => node switch
    {
        JsonObject o => o[token],
        JsonArray a when int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count => a[i],
        _ => null,
    };

    private static JsonNode? Get(JsonObject root, string pointer)
    {
        var (parent, last) = Parent(root, pointer);
        return Child(parent, last);
    }

    private static void Add(JsonObject root, string pointer, JsonNode? value)
    {
        var (parent, last) = Parent(root, pointer);
        switch (parent)
        {
            case JsonObject o:
                o.Remove(last);
                o[last] = value;
                break;
            case JsonArray a when last == "-":
                a.Add(value);
                break;
            case JsonArray a when int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i <= a.Count:
                a.Insert(i, value);
                break;
            default:
                throw new PatchException($"unable to add at path \"{pointer}\"");
        }
    }

    private static JsonNode? Remove(JsonObject root, string pointer)
    {
        var (parent, last) = Parent(root, pointer);
        switch (parent)
        {
            case JsonObject o when o.ContainsKey(last):
                var value = o[last];
                o.Remove(last);
                return value;
            case JsonArray a when int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count:
                var item = a[i];
                a.RemoveAt(i);
                return item;
            default:
                throw new PatchException($"Unable to remove nonexistent key: {last}: missing value");
        }
    }
}
