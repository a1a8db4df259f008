using TenantOperator.Policy.Selectors;

namespace TenantOperator.Policy.Evaluation;

/// <summary>
/// An inverted index from labels to the pods that carry them, so that a selector is evaluated over all pods with a
/// few bitset operations per requirement instead of one dictionary lookup per pod.
/// </summary>
internal sealed class LabelIndex
{
    private readonly int _count;
    private readonly Dictionary<string, KeyEntry> _keys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PodSet> _cache = new(StringComparer.Ordinal);

    public LabelIndex(IReadOnlyList<IReadOnlyDictionary<string, string>> labelSets)
    {
        _count = labelSets.Count;
        for (var i = 0; i < labelSets.Count; i++)
        {
            foreach (var (key, value) in labelSets[i])
            {
                if (!_keys.TryGetValue(key, out var entry))
                {
                    entry = new KeyEntry(new PodSet(_count));
                    _keys.Add(key, entry);
                }

                entry.Present.Add(i);
                if (!entry.ByValue.TryGetValue(value, out var withValue))
                {
                    withValue = new PodSet(_count);
                    entry.ByValue.Add(value, withValue);
                }

                withValue.Add(i);
            }
        }
    }

    /// <summary>The members whose labels match <paramref name="selector"/>. The result is shared: do not modify it.</summary>
    public PodSet Select(CompiledLabelSelector selector)
    {
        // Equal selectors print equally (requirements are sorted and values de-duplicated), so the text is a cache key.
        var key = selector.ToString();
        if (_cache.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var result = PodSet.Full(_count);
        foreach (var requirement in selector.Requirements)
        {
            _keys.TryGetValue(requirement.Key, out var entry);
            switch (requirement.Operator)
            {
                case LabelSelectorOperator.In:
                    result.IntersectWith(WithAnyValue(entry, requirement.Values));
                    break;
                case LabelSelectorOperator.NotIn:
                    // NotIn also matches members without the key, so only those with a listed value drop out.
                    result.ExceptWith(WithAnyValue(entry, requirement.Values));
                    break;
                case LabelSelectorOperator.Exists:
                    result.IntersectWith(entry?.Present ?? new PodSet(_count));
                    break;
                case LabelSelectorOperator.DoesNotExist:
                    if (entry is not null)
                    {
                        result.ExceptWith(entry.Present);
                    }

                    break;
            }
        }

        _cache.Add(key, result);
        return result;
    }

    private PodSet WithAnyValue(KeyEntry? entry, IReadOnlyList<string> values)
    {
        var set = new PodSet(_count);
        if (entry is null)
        {
            return set;
        }

        foreach (var value in values)
        {
            if (entry.ByValue.TryGetValue(value, out var withValue))
            {
                set.UnionWith(withValue);
            }
        }

        return set;
    }

    private sealed class KeyEntry(PodSet present)
    {
        public PodSet Present { get; } = present;

        public Dictionary<string, PodSet> ByValue { get; } = new(StringComparer.Ordinal);
    }
}
