namespace TenantOperator.LocalApiServer.Schema;

/// <summary>
/// One field-level validation error, as a <c>details.causes</c> entry of a 422 Invalid Status carries it.
/// </summary>
/// <param name="Field">The field path (<c>spec.ingress[0].name</c>); Kubernetes writes <c>&lt;nil&gt;</c> for object-wide errors.</param>
/// <param name="Reason">The Kubernetes CauseType, e.g. <c>FieldValueRequired</c>, <c>FieldValueInvalid</c>.</param>
/// <param name="Detail">The message without the field: <c>Unsupported value: "Foo": supported values: "Enforce", "DryRun"</c>.</param>
public sealed record FieldError(string Field, string Reason, string Detail)
{
    /// <summary>The text kubectl prints: <c>spec.mode: Unsupported value: ...</c>.</summary>
    public override string ToString() => $"{Field}: {Detail}";
}
