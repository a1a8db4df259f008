namespace TenantOperator.Api.Schema;

/// <summary>
/// A cross-field rule the API server checks (<c>x-kubernetes-validations</c>). The same rule is implemented in C# by
/// <see cref="Validation.TenantIsolationValidator"/>, so that offline validation and the operator agree with the server.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property, AllowMultiple = true)]
public sealed class CelRuleAttribute(string rule, string message) : Attribute
{
    /// <summary>The CEL expression; <c>self</c> is the value of the annotated type or property.</summary>
    public string Rule { get; } = rule;

    /// <summary>The message the API server returns when the rule does not hold.</summary>
    public string Message { get; } = message;

    /// <summary>Optional JSONPath, relative to <c>self</c>, of the field the error is reported on.</summary>
    public string? FieldPath { get; init; }

    /// <summary>Optional error reason: FieldValueInvalid (default), FieldValueForbidden, FieldValueRequired, FieldValueDuplicate.</summary>
    public string? Reason { get; init; }
}
