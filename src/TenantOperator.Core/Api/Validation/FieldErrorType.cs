namespace TenantOperator.Api.Validation;

/// <summary>The kinds of field error the API server reports (apimachinery's field.ErrorType).</summary>
public enum FieldErrorType
{
    /// <summary>The value is malformed or out of range.</summary>
    Invalid,

    /// <summary>A required value is missing.</summary>
    Required,

    /// <summary>The value is not one of the allowed values.</summary>
    NotSupported,

    /// <summary>The value appears twice where it must be unique.</summary>
    Duplicate,

    /// <summary>The string is longer than allowed.</summary>
    TooLong,

    /// <summary>The list has more items than allowed.</summary>
    TooMany,

    /// <summary>The value may not be set here.</summary>
    Forbidden,

    /// <summary>The field is not declared by the schema (strict decoding).</summary>
    UnknownField,
}
