using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.JsonPath;

namespace TenantOperator.LocalApiServer.Schema;

/// <summary>
/// Finds the old version of a list item, for ratcheting and CEL transition rules: items of an
/// <c>x-kubernetes-list-type: map</c> list correlate by their map keys, items of a set by equality; items of an
/// atomic list do not correlate.
/// </summary>
/// <remarks>
/// The old items are indexed once, by a key that equal items always share (scalars by value; lists and objects all in
/// one bucket), and a lookup compares in full only the items of its bucket, in their order: the first equal old item is
/// found, as by a scan, but an update of a status listing 5,000 namespaces costs 5,000 lookups, not 25 million
/// comparisons (upstream correlates through structured-merge-diff's keyed lists for the same reason).
/// </remarks>
internal sealed class ListCorrelation
{
    private readonly SchemaNode _schema;
    private readonly Dictionary<string, List<JsonNode?>> _oldItemsByKey = new(StringComparer.Ordinal);

    private ListCorrelation(SchemaNode schema, JsonArray oldItems)
    {
        _schema = schema;
        foreach (var item in oldItems)
        {
            var key = KeyOf(item);
            if (!_oldItemsByKey.TryGetValue(key, out var bucket))
            {
                _oldItemsByKey[key] = bucket = [];
            }

            bucket.Add(item);
        }
    }

    public static ListCorrelation? For(SchemaNode schema, JsonArray oldItems) =>
        schema.ListType is "map" or "set" ? new ListCorrelation(schema, oldItems) : null;

    public bool TryFind(JsonNode? item, out JsonNode? oldItem)
    {
        if (_oldItemsByKey.TryGetValue(KeyOf(item), out var bucket))
        {
            foreach (var candidate in bucket)
            {
                if (_schema.ListType == "set" ? GoValues.DeepEquals(candidate, item) : SameKeys(candidate, item))
                {
                    oldItem = candidate;
                    return true;
                }
            }
        }

        oldItem = null;
        return false;
    }

    // A set item's bucket is its own; a map item's is made of its map keys' (a missing key and a non-object have their own marks).
    private string KeyOf(JsonNode? item)
    {
        if (_schema.ListType == "set")
        {
            return Bucket(item);
        }

        if (item is not JsonObject obj)
        {
            return "not an object";
        }

        var key = new StringBuilder();
        foreach (var name in _schema.ListMapKeys)
        {
            key.Append(obj.TryGetPropertyValue(name, out var value) ? Bucket(value) : "absent").Append('\n');
        }

        return key.ToString();
    }

    // Equal values (GoValues.DeepEquals) always get the same bucket; unequal ones may share one (lists and objects all do).
    private static string Bucket(JsonNode? value) => GoValues.KindOf(value) switch
    {
        GoKind.Null => "null",
        GoKind.Bool => GoValues.TryGetBool(value, out var b) && b ? "true" : "false",
        GoKind.Int => GoValues.TryGetInt64(value, out var i) ? "int:" + i.ToString(CultureInfo.InvariantCulture) : "int",
        GoKind.Float => "float:" + Normalized(GoValues.GetDouble(value)).ToString("R", CultureInfo.InvariantCulture),
        GoKind.String => "string:" + value!.GetValue<string>(),
        _ => "composite",
    };

    // 0.0 and -0.0 are equal doubles but print apart.
    private static double Normalized(double value) => value == 0 ? 0 : value;

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
