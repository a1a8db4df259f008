using System.Collections;

namespace TenantOperator.LocalApiServer.Schema.Cel;

/// <summary>
/// A CEL map built from JSON. CEL's comprehensions over a map (<c>all</c>, <c>exists</c>, <c>map</c>, <c>filter</c>)
/// range over its keys; the Cel package ranges over whatever the non-generic enumerator yields, which for a
/// dictionary is its key/value pairs. This map's non-generic enumerator yields the keys, so those macros see what
/// they see in cel-go; lookups, <c>in</c>, <c>size</c> and equality are the dictionary's.
/// </summary>
internal sealed class CelMap : Dictionary<string, object?>, IEnumerable
{
    public CelMap()
        : base(StringComparer.Ordinal)
    {
    }

    IEnumerator IEnumerable.GetEnumerator() => Keys.GetEnumerator();
}
