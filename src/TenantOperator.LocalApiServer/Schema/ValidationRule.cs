namespace TenantOperator.LocalApiServer.Schema;

/// <summary>One <c>x-kubernetes-validations</c> entry of a schema node.</summary>
internal sealed record ValidationRule(
    string Rule,
    string Message,
    string MessageExpression,
    string FieldPath,
    string? Reason,
    bool? OptionalOldSelf);
