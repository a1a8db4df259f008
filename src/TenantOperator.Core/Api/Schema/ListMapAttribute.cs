namespace TenantOperator.Api.Schema;

/// <summary>
/// Marks a list as <c>x-kubernetes-list-type: map</c> keyed by <paramref name="keys"/>: entries are unique by their keys,
/// and server-side merges treat each entry as a unit addressed by its keys.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ListMapAttribute(params string[] keys) : Attribute
{
    /// <summary>The JSON names of the key fields.</summary>
    public IReadOnlyList<string> Keys { get; } = keys;
}
