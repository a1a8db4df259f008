namespace TenantOperator.Api.Schema;

/// <summary>The OpenAPI <c>format</c> of a string field (for example <c>date-time</c>).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SchemaFormatAttribute(string format) : Attribute
{
    /// <summary>The format name.</summary>
    public string Format { get; } = format;
}
