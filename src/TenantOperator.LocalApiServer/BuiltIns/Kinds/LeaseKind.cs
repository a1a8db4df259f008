using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.BuiltIns.Typing;
using TenantOperator.LocalApiServer.BuiltIns.Typing.Types;
using TenantOperator.LocalApiServer.Http;
using TenantOperator.LocalApiServer.Schema;

namespace TenantOperator.LocalApiServer.BuiltIns.Kinds;

/// <summary>
/// coordination.k8s.io/v1 Lease: pkg/registry/coordination/lease's strategy and pkg/apis/coordination/validation
/// (v1.32). With the CoordinatedLeaderElection feature off, as it is by default in 1.32, <c>strategy</c> and
/// <c>preferredHolder</c> are dropped unless the stored lease already had them.
/// </summary>
internal sealed class LeaseKind : BuiltInKind
{
    private static readonly string[] GatedFields = ["strategy", "preferredHolder"];

    public override GoStruct Type => CoordinationV1.Lease;

    /// <summary>PrepareForCreate / PrepareForUpdate: the feature-gated fields go.</summary>
    public override void Prepare(BuiltInWrite write)
    {
        if (write.Object["spec"] is not JsonObject spec)
        {
            return;
        }

        foreach (var field in GatedFields)
        {
            if (write.Old?["spec"]?[field] is null)
            {
                spec.Remove(field);
            }
        }
    }

    public override IEnumerable<StatusCause> Validate(BuiltInWrite write)
    {
        var spec = write.Object["spec"] as JsonObject ?? [];
        if (JsonFields.Long(spec["leaseDurationSeconds"]) is { } duration && duration <= 0)
        {
            yield return FieldErrors.Invalid("spec.leaseDurationSeconds", duration, "must be greater than 0");
        }

        if (JsonFields.Long(spec["leaseTransitions"]) is { } transitions && transitions < 0)
        {
            yield return FieldErrors.Invalid("spec.leaseTransitions", transitions, "must be greater than or equal to 0");
        }

        if (JsonFields.Text(spec["preferredHolder"]).Length > 0 && JsonFields.Text(spec["strategy"]).Length == 0)
        {
            yield return FieldErrors.Forbidden("spec.preferredHolder", "may only be specified if `strategy` is defined");
        }
    }
}
