using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.BuiltIns.Typing;
using TenantOperator.LocalApiServer.BuiltIns.Typing.Types;

namespace TenantOperator.LocalApiServer.BuiltIns.Kinds;

/// <summary>
/// apps/v1 Deployment: SetDefaults_Deployment of pkg/apis/apps/v1/defaults.go. Deployments are stored, never rolled
/// out (no ReplicaSet, no pod). Not implemented: the pod template's own defaults (SetDefaults_PodSpec and the
/// container defaults, which kube-apiserver applies inside templates too) and ValidateDeployment.
/// </summary>
internal sealed class DeploymentKind : BuiltInKind
{
    public override GoStruct Type => AppsV1.Deployment;

    public override bool Default(JsonObject obj)
    {
        if (obj["spec"] is not JsonObject spec)
        {
            spec = [];
            obj["spec"] = spec;
        }

        var changed = SetIfAbsent(spec, "replicas", 1L);
        if (spec["strategy"] is not JsonObject strategy)
        {
            strategy = [];
            spec["strategy"] = strategy;
        }

        if (JsonFields.Text(strategy["type"]).Length == 0)
        {
            strategy["type"] = "RollingUpdate";
            changed = true;
        }

        if (JsonFields.Text(strategy["type"]) == "RollingUpdate")
        {
            if (strategy["rollingUpdate"] is not JsonObject rollingUpdate)
            {
                rollingUpdate = [];
                strategy["rollingUpdate"] = rollingUpdate;
                changed = true;
            }

            changed |= SetIfAbsent(rollingUpdate, "maxUnavailable", "25%");
            changed |= SetIfAbsent(rollingUpdate, "maxSurge", "25%");
        }

        changed |= SetIfAbsent(spec, "revisionHistoryLimit", 10L);
        changed |= SetIfAbsent(spec, "progressDeadlineSeconds", 600L);
        return changed;
    }

    // The Go fields are pointers: only nil (absent or null) is defaulted, an explicit 0 stays.
    private static bool SetIfAbsent(JsonObject obj, string field, JsonNode value)
    {
        if (obj[field] is not null)
        {
            return false;
        }

        obj[field] = value;
        return true;
    }
}
