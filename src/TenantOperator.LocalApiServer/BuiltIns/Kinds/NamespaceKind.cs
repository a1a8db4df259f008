using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.BuiltIns.Typing;
using TenantOperator.LocalApiServer.BuiltIns.Typing.Types;
using TenantOperator.LocalApiServer.BuiltIns.Validation;
using TenantOperator.LocalApiServer.Http;
using TenantOperator.LocalApiServer.Schema;

namespace TenantOperator.LocalApiServer.BuiltIns.Kinds;

/// <summary>
/// v1 Namespace: SetDefaults_NamespaceStatus (phase Active) and pkg/apis/core/validation's ValidateNamespace,
/// ValidateNamespaceStatusUpdate and ValidateNamespaceFinalizeUpdate (v1.32). The name label and the spec
/// finalizer a create adds are the registry's (Objects/KindRules.cs).
/// </summary>
internal sealed class NamespaceKind : BuiltInKind
{
    public override GoStruct Type => CoreV1.Namespace;

    public override bool LegacyFinalizerNames => true;

    public override bool Default(JsonObject obj)
    {
        if (obj["status"] is JsonObject status && status["phase"] is null)
        {
            status["phase"] = "Active";
            return true;
        }

        return false;
    }

    public override IEnumerable<StatusCause> Validate(BuiltInWrite write)
    {
        var finalizers = (write.Object["spec"]?["finalizers"] as JsonArray ?? []).Select(JsonFields.Text).ToList();
        switch (write.Subresource)
        {
            case "" when write.IsCreate:
                // ValidateNamespace reports every spec finalizer at spec.finalizers, without an index.
                return finalizers.SelectMany(f => ObjectMetaValidation.FinalizerNameErrors(f, "spec.finalizers", legacy: true)).ToList();
            case "finalize":
                return finalizers.SelectMany((f, i) => ObjectMetaValidation.FinalizerNameErrors(f, $"spec.finalizers[{i}]", legacy: true)).ToList();
            case "status":
                return StatusErrors(write.Object);
            default:
                return [];
        }
    }

    private static List<StatusCause> StatusErrors(JsonObject ns)
    {
        var phase = JsonFields.Text(ns["status"]?["phase"]);
        var deleting = ns["metadata"]?["deletionTimestamp"] is not null;
        return (deleting, phase) switch
        {
            (false, not "Active") => [FieldErrors.Invalid("status.Phase", phase, "may only be 'Active' if `deletionTimestamp` is empty")],
            (true, not "Terminating") => [FieldErrors.Invalid("status.Phase", phase, "may only be 'Terminating' if `deletionTimestamp` is not empty")],
            _ => [],
        };
    }
}
