namespace TenantOperator.Api.Schema;

/// <summary>
/// Constraints on each string item of a list property, or each string value of a map property (the list's or map's own
/// limits use MinLength/MaxLength).
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ItemsAttribute : Attribute
{
    /// <summary>Regular expression each item must match.</summary>
    public string? Pattern { get; init; }

    /// <summary>Maximum length of each item; 0 means no limit.</summary>
    public int MaxLength { get; init; }

    /// <summary>Minimum length of each item; 0 means no limit.</summary>
    public int MinLength { get; init; }

    /// <summary>Allowed values of each item; empty means any.</summary>
    public string[] Enum { get; init; } = [];
}
