namespace TenantOperator.Api.Schema;

/// <summary>The shape of a schema node.</summary>
public enum SchemaKind
{
    /// <summary>An object with declared properties.</summary>
    Object,

    /// <summary>An object used as a string-keyed map (additionalProperties).</summary>
    Map,

    /// <summary>A list.</summary>
    Array,

    /// <summary>A string.</summary>
    String,

    /// <summary>An integer.</summary>
    Integer,

    /// <summary>A boolean.</summary>
    Boolean,

    /// <summary>An integer or a string (<c>x-kubernetes-int-or-string</c>).</summary>
    IntOrString,

    /// <summary>An object whose content the schema does not describe (object metadata, validated by the API server itself).</summary>
    OpaqueObject,
}
