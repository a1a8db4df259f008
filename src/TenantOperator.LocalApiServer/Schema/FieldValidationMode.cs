namespace TenantOperator.LocalApiServer.Schema;

/// <summary>
/// The <c>fieldValidation</c> query parameter: what the server does with fields the schema does not know.
/// Ignore drops them silently, Warn (the server default) drops them and sends a warning header per field,
/// Strict rejects the request.
/// </summary>
public enum FieldValidationMode
{
    /// <summary>Drop unknown fields silently.</summary>
    Ignore,

    /// <summary>Drop unknown fields and warn about each (<c>unknown field "spec.foo"</c>).</summary>
    Warn,

    /// <summary>Reject the request (400, <c>strict decoding error: unknown field "spec.foo"</c>).</summary>
    Strict,
}
