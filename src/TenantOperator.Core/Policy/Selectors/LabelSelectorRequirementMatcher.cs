namespace TenantOperator.Policy.Selectors;

/// <summary>One compiled <c>matchExpressions</c> entry (or a <c>matchLabels</c> pair as an <c>In</c> with one value).</summary>
internal sealed class LabelSelectorRequirementMatcher(string key, LabelSelectorOperator op, string[] values)
{
    public string Key { get; } = key;

    public LabelSelectorOperator Operator { get; } = op;

    /// <summary>The values, sorted and de-duplicated so that equal selectors compile to equal matchers.</summary>
    public IReadOnlyList<string> Values { get; } = values;

    public bool Matches(IDictionary<string, string> labels)
    {
        var present = labels.TryGetValue(Key, out var value);
        return Operator switch
        {
            LabelSelectorOperator.In => present && Contains(value!),
            // NotIn matches a missing key too, exactly as Kubernetes does.
            LabelSelectorOperator.NotIn => !present || !Contains(value!),
            LabelSelectorOperator.Exists => present,
            LabelSelectorOperator.DoesNotExist => !present,
            _ => false,
        };
    }

    private bool Contains(string value)
    {
        // Values are few (usually one); a linear scan beats hashing at these sizes.
        foreach (var candidate in Values)
        {
            if (string.Equals(candidate, value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
