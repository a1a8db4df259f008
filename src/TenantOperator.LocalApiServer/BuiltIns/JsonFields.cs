using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.JsonPath;

namespace TenantOperator.LocalApiServer.BuiltIns;

/// <summary>Reads the fields of a decoded object whatever backs its JSON values (parsed text or created values).</summary>
internal static class JsonFields
{
    /// <summary>The integer, or null when absent or not an integer.</summary>
    public static long? Long(JsonNode? node) => GoValues.TryGetInt64(node, out var value) ? value : null;

    /// <summary>The string, or "" when absent or not a string.</summary>
    public static string Text(JsonNode? node) => GoValues.TryGetString(node, out var text) ? text : string.Empty;

    /// <summary>The boolean, or false when absent or not a boolean.</summary>
    public static bool Bool(JsonNode? node) => GoValues.TryGetBool(node, out var flag) && flag;
}
