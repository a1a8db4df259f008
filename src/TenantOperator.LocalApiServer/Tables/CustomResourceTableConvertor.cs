using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.JsonPath;

namespace TenantOperator.LocalApiServer.Tables;

/// <summary>
/// The Table of a custom resource, as apiextensions-apiserver builds it: a Name column, then the CRD version's
/// <c>additionalPrinterColumns</c> (or a single Age column when it declares none). A column's cell is the first
/// value its JSONPath selects, typed by the column: string columns print it as kubectl's JSONPath prints
/// (objects and arrays as JSON), integer/number/boolean columns carry the JSON value, date columns an age;
/// a missing value, a path error or a value of the wrong type gives an empty (null) cell.
/// </summary>
internal sealed class CustomResourceTableConvertor : ITableConvertor
{
    private readonly TimeProvider _time;
    private readonly List<TableColumn> _columns = [TableColumn.NameColumn];
    private readonly List<JsonPathExpression?> _paths = [];

    public CustomResourceTableConvertor(JsonArray? additionalPrinterColumns, TimeProvider time)
    {
        _time = time;
        var declared = additionalPrinterColumns?.OfType<JsonObject>().ToList() ?? [];
        if (declared.Count == 0)
        {
            declared.Add(new JsonObject { ["name"] = "Age", ["type"] = "date", ["jsonPath"] = ".metadata.creationTimestamp", ["description"] = TableColumn.AgeDescription });
        }
        foreach (var column in declared)
        {
            var jsonPath = Text(column, "jsonPath");
            var description = Text(column, "description");
            _columns.Add(new TableColumn(
                Text(column, "name"),
                Text(column, "type"),
                Text(column, "format"),
                description.Length > 0 ? description : $"Custom resource definition column (in JSONPath format): {jsonPath}",
                GoValues.TryGetInt64(column["priority"], out var priority) ? (int)priority : 0));
            _paths.Add(TryParse(jsonPath));
        }
    }

    public JsonObject ToTable(IReadOnlyList<JsonObject> objects, string? resourceVersion, string? continueToken, TableIncludeObject include)
    {
        ArgumentNullException.ThrowIfNull(objects);
        var now = _time.GetUtcNow();
        return TableWriter.Write(_columns, objects, obj => Cells(obj, now), null, resourceVersion, continueToken, include);
    }

    private JsonArray Cells(JsonObject obj, DateTimeOffset now)
    {
        var cells = new JsonArray { (JsonNode?)JsonValue.Create(GoValues.TryGetString(obj["metadata"]?["name"], out var name) ? name : "") };
        for (var i = 0; i < _paths.Count; i++)
        {
            cells.Add(Cell(_paths[i], _columns[i + 1].Type, obj, now));
        }
        return cells;
    }

    private static JsonNode? Cell(JsonPathExpression? path, string type, JsonObject obj, DateTimeOffset now)
    {
        if (path is null)
        {
            return null;
        }
        JsonNode? value;
        try
        {
            var results = path.FindResults(obj);
            if (results.Count == 0 || results[0].Count == 0)
            {
                return null;
            }
            value = results[0][0];
        }
        catch (JsonPathException)
        {
            return null;
        }
        if (type == "string")
        {
            return JsonValue.Create(value is null ? "<no value>" : JsonPathExpression.PrintResults([value]));
        }
        return TypedCell(type, value, now);
    }

    private static JsonNode? TypedCell(string type, JsonNode? value, DateTimeOffset now)
    {
        var kind = GoValues.KindOf(value);
        switch (type)
        {
            case "integer" when kind == GoKind.Int:
                GoValues.TryGetInt64(value, out var integer);
                return JsonValue.Create(integer);
            case "integer" when kind == GoKind.Float:
                return JsonValue.Create((long)GoValues.GetDouble(value));
            case "number" when kind is GoKind.Int or GoKind.Float:
                return JsonValue.Create(GoValues.GetDouble(value));
            case "boolean" when kind == GoKind.Bool:
                return JsonValue.Create(GoValues.TryGetBool(value, out var flag) && flag);
            case "date" when kind == GoKind.String:
                return JsonValue.Create(HumanDuration.TryParseTimestamp(value!.GetValue<string>(), out var time)
                    ? HumanDuration.Format(now - time)
                    : "<invalid>");
            default:
                return null;
        }
    }

    private static JsonPathExpression? TryParse(string jsonPath)
    {
        try
        {
            return JsonPathExpression.ParsePath(jsonPath, allowMissingKeys: true);
        }
        catch (JsonPathException)
        {
            return null;
        }
    }

    private static string Text(JsonObject column, string key) => GoValues.TryGetString(column[key], out var text) ? text : "";
}
