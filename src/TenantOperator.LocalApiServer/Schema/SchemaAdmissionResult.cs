using TenantOperator.LocalApiServer.Http;

namespace TenantOperator.LocalApiServer.Schema;

/// <summary>The outcome of admitting a custom resource against its structural schema.</summary>
/// <param name="Errors">Validation errors; any error means 422 Invalid.</param>
/// <param name="UnknownFields">
/// Paths of the fields that were pruned because the schema does not declare them, in Kubernetes' notation and
/// order (<c>metadata.foo</c>, <c>spec.foo</c>, <c>spec.ingress[0].bar</c>), for Warn and Strict field validation.
/// </param>
public sealed record SchemaAdmissionResult(IReadOnlyList<StatusCause> Errors, IReadOnlyList<string> UnknownFields)
{
    /// <summary>True when there are no validation errors.</summary>
    public bool IsValid => Errors.Count == 0;
}
