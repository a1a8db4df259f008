using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.JsonPath;

namespace TenantOperator.LocalApiServer.Tables;

/// <summary>Small readers of object fields for the built-in printers (absent or mistyped fields read as empty).</summary>
internal static class ObjectFields
{
    public static string Text(JsonNode? node) => GoValues.TryGetString(node, out var text) ? text : "";

    public static long Integer(JsonNode? node) => GoValues.TryGetInt64(node, out var value) ? value : (long)GoValues.GetDouble(node);

    public static int Count(JsonNode? node) => node switch
    {
        JsonObject obj => obj.Count,
        JsonArray array => array.Count,
        _ => 0,
    };

    public static string Name(JsonObject obj) => Text(obj["metadata"]?["name"]);

    public static string Age(JsonObject obj, DateTimeOffset now) => HumanDuration.Since(Text(obj["metadata"]?["creationTimestamp"]), now);

    public static bool IsTrue(JsonNode? node) => GoValues.TryGetBool(node, out var flag) && flag;
}
