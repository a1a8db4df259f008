using TenantOperator.LocalApiServer.Http;

namespace TenantOperator.LocalApiServer.Schema;

/// <summary>The Kubernetes CauseTypes of field errors (metav1.CauseType), as used in <see cref="StatusCause.Reason"/>.</summary>
public static class FieldErrorReasons
{
    /// <summary>A required value is missing.</summary>
    public const string Required = "FieldValueRequired";

    /// <summary>A value is malformed or out of bounds.</summary>
    public const string Invalid = "FieldValueInvalid";

    /// <summary>A value does not match the schema type.</summary>
    public const string TypeInvalid = "FieldValueTypeInvalid";

    /// <summary>A value is not one of the enumerated values.</summary>
    public const string NotSupported = "FieldValueNotSupported";

    /// <summary>A value collides with another that must be unique.</summary>
    public const string Duplicate = "FieldValueDuplicate";

    /// <summary>A value is not permitted here.</summary>
    public const string Forbidden = "FieldValueForbidden";

    /// <summary>A string is too long.</summary>
    public const string TooLong = "FieldValueTooLong";

    /// <summary>A list or map has too many items.</summary>
    public const string TooMany = "FieldValueTooMany";

    /// <summary>A value that should exist was not found.</summary>
    public const string NotFound = "FieldValueNotFound";

    /// <summary>The server failed for a reason unrelated to the input.</summary>
    public const string Internal = "InternalError";
}
