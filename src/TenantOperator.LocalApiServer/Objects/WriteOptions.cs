namespace TenantOperator.LocalApiServer.Objects;

/// <summary>The options of a create, update or patch request.</summary>
internal sealed record WriteOptions(bool DryRun, FieldValidationDirective FieldValidation)
{
    public static WriteOptions Default { get; } = new(false, FieldValidationDirective.Warn);
}
