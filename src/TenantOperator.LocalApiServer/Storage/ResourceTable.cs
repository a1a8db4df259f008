namespace TenantOperator.LocalApiServer.Storage;

/// <summary>The objects of one stored resource, addressable by key and ordered by key for paging,
/// and the watches open on it. Guarded by the store's lock.</summary>
internal sealed class ResourceTable
{
    public Dictionary<string, StoredObject> Objects { get; } = new(StringComparer.Ordinal);

    public SortedSet<string> Keys { get; } = new(StringComparer.Ordinal);

    public List<WatchSubscription> Watches { get; } = [];

    /// <summary>The keys after <paramref name="startAfter"/>, within <paramref name="ns"/> when given.</summary>
    public IEnumerable<string> KeysAfter(string? ns, string startAfter)
    {
        var lower = ns is null ? string.Empty : StoredObject.KeyOf(ns, string.Empty);
        var upper = ns is null ? "\uffff" : StoredObject.KeyOf(ns, "\uffff");
        if (string.CompareOrdinal(startAfter, lower) > 0)
        {
            lower = startAfter;
        }

        if (Keys.Count == 0 || string.CompareOrdinal(lower, upper) > 0)
        {
            return [];
        }

        return Keys.GetViewBetween(lower, upper).Where(k => k != startAfter);
    }
}
