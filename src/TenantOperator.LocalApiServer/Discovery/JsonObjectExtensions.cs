using System.Text.Json.Nodes;

namespace TenantOperator.LocalApiServer.Discovery;

/// <summary>A small fluent helper for building documents.</summary>
internal static class JsonObjectExtensions
{
    /// <summary>Runs <paramref name="change"/> on <paramref name="obj"/> and returns it.</summary>
    public static JsonObject Also(this JsonObject obj, Action<JsonObject> change)
    {
        change(obj);
        return obj;
    }
}
