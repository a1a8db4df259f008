using System.Text.Json.Nodes;

namespace TenantOperator.LocalApiServer.Tables;

/// <summary>A Table convertor with fixed columns and a function that computes one row's cells.</summary>
internal sealed class BuiltInTableConvertor(
    IReadOnlyList<TableColumn> columns,
    Func<JsonObject, DateTimeOffset, JsonArray> cells,
    Func<JsonObject, JsonArray?>? conditions,
    TimeProvider time) : ITableConvertor
{
    public JsonObject ToTable(IReadOnlyList<JsonObject> objects, string? resourceVersion, string? continueToken, TableIncludeObject include)
    {
        ArgumentNullException.ThrowIfNull(objects);
        var now = time.GetUtcNow();
        return TableWriter.Write(columns, objects, obj => cells(obj, now), conditions, resourceVersion, continueToken, include);
    }
}
