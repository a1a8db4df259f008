using TenantOperator.Policy.Selectors;

namespace TenantOperator.Policy.Planning;

/// <summary>
/// Finds the namespaces a tenant's selector matches without testing every namespace: an inverted index from label key
/// and value to namespaces narrows a selector with an <c>In</c> requirement (matchLabels are <c>In</c> with one value)
/// to the namespaces carrying one of its values, and the selector itself decides on those. A selector without an
/// <c>In</c> requirement is tested against every namespace.
/// </summary>
/// <remarks>
/// The evaluator's bitset index suits pods, with few distinct values per key; namespaces all differ in their
/// <c>kubernetes.io/metadata.name</c>, which would cost a bitset of every namespace for every namespace (12 MB and most
/// of a plan's time at 10,000 namespaces). Lists of positions cost one entry per label.
/// </remarks>
internal sealed class NamespaceLabelIndex
{
    private readonly IReadOnlyList<NamespaceInfo> _namespaces;
    private readonly Dictionary<string, Dictionary<string, List<int>>> _positions = new(StringComparer.Ordinal);

    public NamespaceLabelIndex(IReadOnlyList<NamespaceInfo> namespaces)
    {
        _namespaces = namespaces;
        for (var i = 0; i < namespaces.Count; i++)
        {
            foreach (var (key, value) in namespaces[i].Labels)
            {
                if (!_positions.TryGetValue(key, out var byValue))
                {
                    byValue = new Dictionary<string, List<int>>(StringComparer.Ordinal);
                    _positions.Add(key, byValue);
                }

                if (!byValue.TryGetValue(value, out var positions))
                {
                    positions = [];
                    byValue.Add(value, positions);
                }

                positions.Add(i);
            }
        }
    }

    /// <summary>The namespaces whose labels <paramref name="selector"/> matches, in no particular order.</summary>
    public IEnumerable<NamespaceInfo> Select(CompiledLabelSelector selector)
    {
        var candidates = NarrowestIn(selector);
        var namespaces = candidates is null ? _namespaces : candidates.Select(i => _namespaces[i]);
        return namespaces.Where(ns => selector.Matches(ns.Labels));
    }

    /// <summary>The positions of the namespaces that the selector's most selective <c>In</c> requirement allows, or null when it has none.</summary>
    private List<int>? NarrowestIn(CompiledLabelSelector selector)
    {
        List<int>? narrowest = null;
        foreach (var requirement in selector.Requirements.Where(r => r.Operator == LabelSelectorOperator.In))
        {
            var positions = new List<int>();
            if (_positions.TryGetValue(requirement.Key, out var byValue))
            {
                // A namespace has one value per key, so the values' lists never overlap.
                foreach (var value in requirement.Values.Distinct(StringComparer.Ordinal))
                {
                    if (byValue.TryGetValue(value, out var withValue))
                    {
                        positions.AddRange(withValue);
                    }
                }
            }

            if (narrowest is null || positions.Count < narrowest.Count)
            {
                narrowest = positions;
            }
        }

        return narrowest;
    }
}
