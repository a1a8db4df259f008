using static TenantOperator.LocalApiServer.BuiltIns.Typing.Types.GoTypeBuilder;

namespace TenantOperator.LocalApiServer.BuiltIns.Typing.Types;

/// <summary>k8s.io/api/apps/v1 Deployment (v0.32).</summary>
internal static class AppsV1
{
    public static GoStruct Deployment { get; } = MetaV1.Kind("v1", "Deployment",
        Field("spec", Struct("v1", "DeploymentSpec",
            Pointer("replicas", GoInt32),
            // A pointer without omitempty: an absent selector is written as null (validation then refuses it).
            new GoField("selector", MetaV1.LabelSelector, OmitEmpty: false, Pointer: true),
            Always("template", CoreV1.PodTemplateSpec),
            Field("strategy", Struct("v1", "DeploymentStrategy",
                Field("type", Named("v1.DeploymentStrategyType")),
                Pointer("rollingUpdate", Struct("v1", "RollingUpdateDeployment",
                    Pointer("maxUnavailable", GoIntOrString.Instance),
                    Pointer("maxSurge", GoIntOrString.Instance))))),
            Field("minReadySeconds", GoInt32),
            Pointer("revisionHistoryLimit", GoInt32),
            Field("paused", Bool),
            Pointer("progressDeadlineSeconds", GoInt32))),
        Field("status", Struct("v1", "DeploymentStatus",
            Field("observedGeneration", GoInt64),
            Field("replicas", GoInt32),
            Field("updatedReplicas", GoInt32),
            Field("readyReplicas", GoInt32),
            Field("availableReplicas", GoInt32),
            Field("unavailableReplicas", GoInt32),
            Field("conditions", SliceOf(Struct("v1", "DeploymentCondition",
                Always("type", Named("v1.DeploymentConditionType")),
                Always("status", Named("v1.ConditionStatus")),
                Field("lastUpdateTime", GoTime.Time),
                Field("lastTransitionTime", GoTime.Time),
                Field("reason", Str),
                Field("message", Str)))),
            Pointer("collisionCount", GoInt32))));
}
