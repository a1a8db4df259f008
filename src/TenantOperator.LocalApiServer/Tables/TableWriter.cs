using System.Text.Json.Nodes;

namespace TenantOperator.LocalApiServer.Tables;

/// <summary>Assembles the Table object: kind and apiVersion, list metadata, column definitions and rows.</summary>
internal static class TableWriter
{
    public static JsonObject Write(
        IReadOnlyList<TableColumn> columns,
        IReadOnlyList<JsonObject> objects,
        Func<JsonObject, JsonArray> cells,
        Func<JsonObject, JsonArray?>? conditions,
        string? resourceVersion,
        string? continueToken,
        TableIncludeObject include)
    {
        var metadata = new JsonObject();
        if (!string.IsNullOrEmpty(resourceVersion))
        {
            metadata["resourceVersion"] = resourceVersion;
        }
        if (!string.IsNullOrEmpty(continueToken))
        {
            metadata["continue"] = continueToken;
        }
        var rows = new JsonArray();
        foreach (var obj in objects)
        {
            var row = new JsonObject { ["cells"] = cells(obj) };
            if (conditions?.Invoke(obj) is { } rowConditions)
            {
                row["conditions"] = rowConditions;
            }
            switch (include)
            {
                case TableIncludeObject.Metadata:
                    row["object"] = new JsonObject
                    {
                        ["kind"] = "PartialObjectMetadata",
                        ["apiVersion"] = "meta.k8s.io/v1",
                        ["metadata"] = obj["metadata"]?.DeepClone() ?? new JsonObject(),
                    };
                    break;
                case TableIncludeObject.Object:
                    row["object"] = obj.DeepClone();
                    break;
            }
            rows.Add(row);
        }
        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = metadata,
            ["columnDefinitions"] = new JsonArray([.. columns.Select(c => (JsonNode?)c.ToJson())]),
            ["rows"] = rows,
        };
    }
}
