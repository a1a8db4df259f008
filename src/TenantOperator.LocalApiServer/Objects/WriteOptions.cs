namespace TenantOperator.LocalApiServer.Objects;

/// <summary>The options of a create, update or patch request.</summary>
internal sealed record WriteOptions(bool DryRun, FieldValidationDirective FieldValidation)
{
    /// <summary>Who asks, for admission; null for the server's own writes, which are not admitted.</summary>
    public Authentication.UserInfo? User { get; init; }

    public static WriteOptions Default { get; } = new(false, FieldValidationDirective.Warn);

    /// <summary>True for PATCH, whose decoding errors kube-apiserver words differently from those of POST and PUT.</summary>
    public bool IsPatch { get; init; }
}
