using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Resources;

namespace TenantOperator.LocalApiServer.Objects;

/// <summary>Temporary: accepts custom resources as sent until structural-schema validation (Schema/) is wired in.</summary>
internal sealed class NoSchemaAdmission : ICustomResourceAdmission
{
    public AdmissionOutcome Admit(ResourceDefinition resource, JsonObject obj, JsonObject? oldObj) => AdmissionOutcome.Accepted;
}
