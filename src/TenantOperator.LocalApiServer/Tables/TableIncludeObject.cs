namespace TenantOperator.LocalApiServer.Tables;

/// <summary>The <c>includeObject</c> parameter of a Table request: what each row carries besides its cells.</summary>
public enum TableIncludeObject
{
    /// <summary>Rows carry no object.</summary>
    None,

    /// <summary>Rows carry a <c>PartialObjectMetadata</c> (the object's metadata only); the server default.</summary>
    Metadata,

    /// <summary>Rows carry the whole object.</summary>
    Object,
}
