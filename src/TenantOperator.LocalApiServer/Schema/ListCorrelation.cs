using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.JsonPath;

namespace TenantOperator.LocalApiServer.Schema;

/// <summary>
/// Finds the old version of a list item, for ratcheting and CEL transition rules: items of an
/// <c>x-kubernetes-list-type: map</c> list correlate by their map keys, items of a set by equality; items of an
/// atomic list do not correlate.
/// </summary>
internal sealed class ListCorrelation
{
    private readonly SchemaNode _schema;
    private readonly JsonArray _oldItems;

    private ListCorrelation(SchemaNode schema, JsonArray oldItems)
    {
        _schema = schema;
        _oldItems = oldItems;
    }

    public static ListCorrelation? For(SchemaNode schema, JsonArray oldItems) =>
        schema.ListType is "map" or "set" ? new ListCorrelation(schema, oldItems) : null;

    public bool TryFind(JsonNode? item, out JsonNode? oldItem)
    {
        foreach (var candidate in _oldItems)
        {
            if (_schema.ListType == "set" ? GoValues.DeepEquals(candidate, item) : SameKeys(candidate, item))
            {
                oldItem = candidate;
                return true;
            }
        }
        oldItem = null;
        return false;
    }

    private bool SameKeys(JsonNode? left, JsonNode? right)
    {
        if (left is not JsonObject l || right is not JsonObject r)
        {
            return false;
        }
        foreach (var key in _schema.ListMapKeys)
        {
            var hasLeft = l.TryGetPropertyValue(key, out var lv);
            var hasRight = r.TryGetPropertyValue(key, out var rv);
            if (hasLeft != hasRight || (hasLeft && !GoValues.DeepEquals(lv, rv)))
            {
                return false;
            }
        }
        return true;
    }
}
