using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Http;
using TenantOperator.LocalApiServer.JsonPath;
using TenantOperator.LocalApiServer.Schema;

namespace TenantOperator.LocalApiServer.Tables;

/// <summary>Creates the Table convertor of a resource.</summary>
public static class TableConvertors
{
    private static readonly string[] ColumnTypes = ["boolean", "date", "integer", "number", "string"];
    private static readonly string[] ColumnFormats = ["byte", "date", "date-time", "double", "float", "int32", "int64", "password"];

    /// <summary>The convertor of a built-in resource, e.g. <c>("", "namespaces")</c> or <c>("networking.k8s.io", "networkpolicies")</c>.</summary>
    public static ITableConvertor ForBuiltIn(string group, string resource, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(time);
        return BuiltInTables.Create(group, resource, time);
    }

    /// <summary>The convertor of a custom resource from its CRD version's <c>additionalPrinterColumns</c> (null or empty: NAME and AGE).</summary>
    public static ITableConvertor ForCustomResource(JsonArray? additionalPrinterColumns, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return new CustomResourceTableConvertor(additionalPrinterColumns, time);
    }

    /// <summary>
    /// Drops the column definitions from a Table, as kube-apiserver does for <c>noHeaders</c> Table options (the
    /// field stays present as null, like Go's nil slice). Useful for the events after the first of a Table watch.
    /// </summary>
    public static JsonObject OmitColumnDefinitions(JsonObject table)
    {
        ArgumentNullException.ThrowIfNull(table);
        table["columnDefinitions"] = null;
        return table;
    }

    /// <summary>
    /// Checks <c>additionalPrinterColumns</c> as kube-apiserver does when a CRD is written: name and type required,
    /// type one of boolean/date/integer/number/string, a known format, and a jsonPath that is a simple path starting
    /// with a dot. Paths in the errors start at <paramref name="fieldPath"/> (e.g. <c>spec.versions[0].additionalPrinterColumns</c>).
    /// </summary>
    public static IReadOnlyList<StatusCause> ValidateColumns(JsonArray? additionalPrinterColumns, string fieldPath)
    {
        var errors = new List<StatusCause>();
        for (var i = 0; i < (additionalPrinterColumns?.Count ?? 0); i++)
        {
            var path = $"{fieldPath}[{i}]";
            var column = additionalPrinterColumns![i] as JsonObject ?? [];
            string Text(string key) => GoValues.TryGetString(column[key], out var value) ? value : "";
            if (Text("name").Length == 0)
            {
                errors.Add(FieldErrors.Required(path + ".name"));
            }
            var type = Text("type");
            var typeDetail = "must be one of " + string.Join(",", ColumnTypes);
            if (type.Length == 0)
            {
                errors.Add(FieldErrors.Required(path + ".type", typeDetail));
            }
            else if (!ColumnTypes.Contains(type))
            {
                errors.Add(FieldErrors.Invalid(path + ".type", type, typeDetail));
            }
            var format = Text("format");
            if (format.Length > 0 && !ColumnFormats.Contains(format))
            {
                errors.Add(FieldErrors.Invalid(path + ".format", format, "must be one of " + string.Join(",", ColumnFormats)));
            }
            var jsonPath = Text("jsonPath");
            if (jsonPath.Length == 0)
            {
                errors.Add(FieldErrors.Required(path + ".JSONPath"));
            }
            else if (jsonPath[0] != '.')
            {
                errors.Add(FieldErrors.Invalid(path + ".JSONPath", jsonPath, "must be a simple json path starting with ."));
            }
        }
        return errors;
    }
}
