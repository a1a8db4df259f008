using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.BuiltIns.Typing;
using TenantOperator.LocalApiServer.BuiltIns.Typing.Types;

namespace TenantOperator.LocalApiServer.BuiltIns.Kinds;

/// <summary>
/// scheduling.k8s.io/v1 PriorityClass: SetDefaults_PriorityClass of pkg/apis/scheduling/v1/defaults.go (the
/// NonPreemptingPriority gate it once checked is GA and gone in 1.32). Its validation is not implemented.
/// </summary>
internal sealed class PriorityClassKind : BuiltInKind
{
    public override GoStruct Type => SchedulingV1.PriorityClass;

    public override bool Default(JsonObject obj)
    {
        if (obj["preemptionPolicy"] is not null)
        {
            return false;
        }

        obj["preemptionPolicy"] = "PreemptLowerPriority";
        return true;
    }
}
