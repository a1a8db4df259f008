namespace TenantOperator.Api.Schema;

/// <summary>The least value of an integer field with no upper bound (RangeAttribute cannot express long ranges exactly).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class MinimumAttribute(long minimum) : Attribute
{
    /// <summary>The least allowed value.</summary>
    public long Minimum { get; } = minimum;
}
