namespace TenantOperator.Api.Schema;

/// <summary>
/// Constraints on <c>metadata.name</c>, the one part of a custom resource's metadata its CRD schema may constrain
/// (besides generateName). Declared in the schema rather than as a CEL rule: the API server checks them natively,
/// at no CEL cost, and they bound the name's length for any rule that reads it.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class MetadataNameAttribute(int maxLength, string pattern, string description) : Attribute
{
    /// <summary>What the name is, shown by <c>kubectl explain</c>.</summary>
    public string Description { get; } = description;

    /// <summary>The longest name, in characters.</summary>
    public int MaxLength { get; } = maxLength;

    /// <summary>The regular expression a name must match.</summary>
    public string Pattern { get; } = pattern;
}
