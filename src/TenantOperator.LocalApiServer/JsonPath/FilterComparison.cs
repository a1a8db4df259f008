using System.Text.Json.Nodes;

namespace TenantOperator.LocalApiServer.JsonPath;

/// <summary>
/// The comparisons of a JSONPath filter, as Go's text/template compares: only values of the same basic kind
/// compare (bool, integer, float, string); anything else is "incompatible types for comparison".
/// </summary>
internal static class FilterComparison
{
    public static bool Passes(JsonNode? left, JsonNode? right, string op) => op switch
    {
        "==" => Equal(left, right),
        "!=" => !Equal(left, right),
        "<" => Less(left, right),
        "<=" => Less(left, right) || Equal(left, right),
        ">" => !(Less(left, right) || Equal(left, right)),
        ">=" => !Less(left, right),
        _ => throw new JsonPathException($"unrecognized filter operator {op}"),
    };

    private static bool Equal(JsonNode? left, JsonNode? right)
    {
        var kind = ComparableKind(left, right);
        return kind switch
        {
            GoKind.Bool => GoValues.TryGetBool(left, out var l) & GoValues.TryGetBool(right, out var r) && l == r,
            GoKind.Int => GoValues.TryGetInt64(left, out var li) & GoValues.TryGetInt64(right, out var ri) && li == ri,
            GoKind.Float => GoValues.GetDouble(left).Equals(GoValues.GetDouble(right)),
            _ => GoValues.TryGetString(left, out var ls) & GoValues.TryGetString(right, out var rs) && ls == rs,
        };
    }

    private static bool Less(JsonNode? left, JsonNode? right)
    {
        var kind = ComparableKind(left, right);
        return kind switch
        {
            GoKind.Bool => throw new JsonPathException("invalid type for comparison"),
            GoKind.Int => GoValues.TryGetInt64(left, out var li) & GoValues.TryGetInt64(right, out var ri) && li < ri,
            GoKind.Float => GoValues.GetDouble(left) < GoValues.GetDouble(right),
            _ => GoValues.TryGetString(left, out var ls) & GoValues.TryGetString(right, out var rs) && string.CompareOrdinal(ls, rs) < 0,
        };
    }

    private static GoKind ComparableKind(JsonNode? left, JsonNode? right)
    {
        var leftKind = GoValues.KindOf(left);
        var rightKind = GoValues.KindOf(right);
        if (leftKind is GoKind.Null or GoKind.Map or GoKind.Slice || rightKind is GoKind.Null or GoKind.Map or GoKind.Slice)
        {
            throw new JsonPathException("invalid type for comparison");
        }
        if (leftKind != rightKind)
        {
            throw new JsonPathException("incompatible types for comparison");
        }
        return leftKind;
    }
}
