namespace TenantOperator.LocalApiServer.Objects;

/// <summary>The <c>fieldValidation</c> query parameter: what to do with unknown or duplicate fields.</summary>
internal enum FieldValidationDirective
{
    /// <summary>Drop unknown fields silently.</summary>
    Ignore,

    /// <summary>Drop unknown fields and answer a <c>Warning</c> header per field (kubectl's default before 1.27, the server default).</summary>
    Warn,

    /// <summary>Reject the request with a 400 strict-decoding error.</summary>
    Strict,
}
