namespace TenantOperator.Manifests;

/// <summary>
/// The objects of kinds a verb does not read, tallied by apiVersion and kind, so that a whole repository or the output
/// of <c>kubectl kustomize</c> can be given as it is and the verb still says what it left out.
/// </summary>
public sealed class SkippedObjects
{
    private readonly SortedDictionary<string, List<string>> _byKind = new(StringComparer.Ordinal);

    /// <summary>How many objects were skipped.</summary>
    public int Count => _byKind.Values.Sum(l => l.Count);

    /// <summary>Where every skipped object is, in the order read: <c>file: document N (Kind name)</c>.</summary>
    public IEnumerable<string> Locations => _byKind.Values.SelectMany(l => l).Order(StringComparer.Ordinal);

    /// <summary>One line per kind: how many, and where the first one is.</summary>
    public IEnumerable<string> Notes(string verbReads) => _byKind.Select(s =>
        $"skipped {s.Value.Count} {s.Key} object(s) (first: {s.Value[0]}): {verbReads}");

    /// <summary>The kinds with their counts, <c>apps/v1 Deployment (1), v1 Service (2)</c>.</summary>
    public string Summary => string.Join(", ", _byKind.Select(s => $"{s.Key} ({s.Value.Count})"));

    /// <summary>Tallies <paramref name="document"/>.</summary>
    public void Add(ManifestDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var kind = document.ApiVersion.Length == 0 ? Quoted.IfNeeded(document.Kind) : $"{Quoted.IfNeeded(document.ApiVersion)} {Quoted.IfNeeded(document.Kind)}";
        if (!_byKind.TryGetValue(kind, out var locations))
        {
            locations = [];
            _byKind[kind] = locations;
        }

        locations.Add(document.Location);
    }
}
