using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Http;
using TenantOperator.LocalApiServer.Resources;
using TenantOperator.LocalApiServer.Schema;

namespace TenantOperator.LocalApiServer.Objects;

/// <summary>
/// Admits custom resources against their CRD version's structural schema (Schema/): prunes unknown
/// fields, applies defaults, validates. Compiled schemas are cached by their text, so a CRD update that
/// changes the schema takes effect at once. Rules run in the release's environment of stored expressions.
/// </summary>
internal sealed class StructuralSchemaAdmission(KubernetesVersion kubernetesVersion) : ICustomResourceAdmission
{
    private readonly ConcurrentDictionary<string, StructuralSchema> _compiled = new(StringComparer.Ordinal);
    private readonly CelRuleEnvironment _environment = CelRuleEnvironment.ForStoredRules(kubernetesVersion);

    public AdmissionOutcome Admit(ResourceDefinition resource, JsonObject obj, JsonObject? oldObj)
    {
        if (resource.OpenApiSchema is not { } openApi)
        {
            return AdmissionOutcome.Accepted;
        }

        var schema = _compiled.GetOrAdd(openApi.ToJsonString(), _ => StructuralSchema.Compile(openApi, "openAPIV3Schema", _environment, out IReadOnlyList<StatusCause> _));
        var result = schema.Admit(obj, oldObj);
        return new AdmissionOutcome([.. result.Errors], result.UnknownFields);
    }
}
