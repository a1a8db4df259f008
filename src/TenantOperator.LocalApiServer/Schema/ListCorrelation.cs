using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.JsonPath;

namespace TenantOperator.LocalApiServer.Schema;

/// <summary>
/// Finds the old version of a list item, for ratcheting and CEL transition rules, as kube-apiserver's
/// <c>CorrelatedObject</c> does: only the items of an <c>x-kubernetes-list-type: map</c> list correlate, by their map
/// keys; the items of a set or an atomic list never do (such a list ratchets only as a whole, when unchanged).
/// </summary>
/// <remarks>
/// The old items are keyed once, as upstream's <c>MakeMapList</c> keys them: a composite of every map key's value, an
/// item missing a key or holding a non-scalar one has no key, and the first item with a key wins. A lookup is then one
/// dictionary read: an update of a list of 5,000 items costs 5,000 lookups, not 25 million comparisons.
/// </remarks>
internal sealed class ListCorrelation
{
    private readonly IReadOnlyList<string> _mapKeys;
    private readonly Dictionary<string, JsonNode> _oldItemsByKey = new(StringComparer.Ordinal);

    private ListCorrelation(IReadOnlyList<string> mapKeys, JsonArray oldItems)
    {
        _mapKeys = mapKeys;
        foreach (var item in oldItems)
        {
            if (KeyOf(item) is { } key)
            {
                _oldItemsByKey.TryAdd(key, item!);
            }
        }
    }

    /// <summary>A correlation over <paramref name="oldItems"/>, or null when the list's items do not correlate.</summary>
    public static ListCorrelation? For(SchemaNode schema, JsonArray oldItems) =>
        schema.ListType == "map" && schema.ListMapKeys.Count > 0 ? new ListCorrelation(schema.ListMapKeys, oldItems) : null;

    public bool TryFind(JsonNode? item, out JsonNode? oldItem)
    {
        oldItem = KeyOf(item) is { } key ? _oldItemsByKey.GetValueOrDefault(key) : null;
        return oldItem is not null;
    }

    // Upstream compares a single key's value itself and joins several keys' values formatted with %t, %f, %d and %q,
    // each after a NUL; a kind tag keeps a single key's 1 (int64), 1.0 (float64) and "1" apart as Go's interface keys are.
    private string? KeyOf(JsonNode? item)
    {
        if (item is not JsonObject obj)
        {
            return null;
        }

        var single = _mapKeys.Count == 1;
        var key = new StringBuilder();
        foreach (var name in _mapKeys)
        {
            if (!obj.TryGetPropertyValue(name, out var value) || Scalar(value, single) is not { } text)
            {
                return null;
            }

            key.Append('\0').Append(text);
        }

        return key.ToString();
    }

    private static string? Scalar(JsonNode? value, bool single) => GoValues.KindOf(value) switch
    {
        GoKind.Bool => GoValues.TryGetBool(value, out var b) && b ? "b:true" : "b:false",
        GoKind.Int when GoValues.TryGetInt64(value, out var i) => "i:" + i.ToString(CultureInfo.InvariantCulture),
        GoKind.Float => "f:" + FloatKey(GoValues.GetDouble(value), single),
        GoKind.String => "s:" + value!.GetValue<string>(),
        _ => null,
    };

    // A single key compares as a Go float64 (0 equals -0); several print with %f, six decimals, as upstream does.
    private static string FloatKey(double value, bool single) => single
        ? (value == 0 ? 0 : value).ToString("R", CultureInfo.InvariantCulture)
        : value.ToString("F6", CultureInfo.InvariantCulture);
}
