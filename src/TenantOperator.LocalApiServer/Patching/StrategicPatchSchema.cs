namespace TenantOperator.LocalApiServer.Patching;

/// <summary>
/// The strategic-merge-patch metadata of a built-in kind: the lists that merge (by a key, or as a set),
/// addressed by their field path without indices (e.g. <c>spec.containers.env</c>). Every other list is
/// atomic: a patch replaces it whole, as Kubernetes does for lists without a patch strategy (all of
/// NetworkPolicy's lists, for example). Maps always merge.
/// </summary>
internal sealed class StrategicPatchSchema
{
    private static readonly Dictionary<string, ListStrategy> MetadataLists = new(StringComparer.Ordinal)
    {
        ["metadata.ownerReferences"] = ListStrategy.ByKey("uid"),
        ["metadata.finalizers"] = ListStrategy.Set,
    };

    private readonly Dictionary<string, ListStrategy> _lists;

    public StrategicPatchSchema(IReadOnlyDictionary<string, ListStrategy>? kindLists = null)
    {
        _lists = new Dictionary<string, ListStrategy>(MetadataLists, StringComparer.Ordinal);
        foreach (var (path, strategy) in kindLists ?? new Dictionary<string, ListStrategy>())
        {
            _lists[path] = strategy;
        }
    }

    /// <summary>The schema of kinds whose only merging lists are the metadata ones.</summary>
    public static StrategicPatchSchema MetadataOnly { get; } = new();

    /// <summary>The strategy of the list at <paramref name="path"/>, or null when the list is atomic.</summary>
    public ListStrategy? ListAt(string path) => _lists.GetValueOrDefault(path);
}
