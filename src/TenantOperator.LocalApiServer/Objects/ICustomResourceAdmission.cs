using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Http;
using TenantOperator.LocalApiServer.Resources;

namespace TenantOperator.LocalApiServer.Objects;

/// <summary>The outcome of admitting a custom resource: field errors (422) and unknown fields that were pruned.</summary>
internal sealed record AdmissionOutcome(IReadOnlyList<StatusCause> Errors, IReadOnlyList<string> UnknownFields)
{
    public static AdmissionOutcome Accepted { get; } = new([], []);
}

/// <summary>Validates, prunes and defaults a custom resource against its CRD's schema, in place.</summary>
internal interface ICustomResourceAdmission
{
    AdmissionOutcome Admit(ResourceDefinition resource, JsonObject obj, JsonObject? oldObj);
}
