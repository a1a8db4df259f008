using static TenantOperator.LocalApiServer.BuiltIns.Typing.Types.GoTypeBuilder;

namespace TenantOperator.LocalApiServer.BuiltIns.Typing.Types;

/// <summary>k8s.io/api/policy/v1 PodDisruptionBudget (v0.32).</summary>
internal static class PolicyV1
{
    public static GoStruct PodDisruptionBudget { get; } = MetaV1.Kind("v1", "PodDisruptionBudget",
        Field("spec", Struct("v1", "PodDisruptionBudgetSpec",
            Pointer("minAvailable", GoIntOrString.Instance),
            Pointer("selector", MetaV1.LabelSelector),
            Pointer("maxUnavailable", GoIntOrString.Instance),
            Pointer("unhealthyPodEvictionPolicy", Named("v1.UnhealthyPodEvictionPolicyType")))),
        // The four counts have no omitempty: every stored budget shows them, 0 until the disruption controller runs
        // (it never does here).
        Field("status", Struct("v1", "PodDisruptionBudgetStatus",
            Field("observedGeneration", GoInt64),
            Field("disruptedPods", MapOf(GoTime.Time)),
            Always("disruptionsAllowed", GoInt32),
            Always("currentHealthy", GoInt32),
            Always("desiredHealthy", GoInt32),
            Always("expectedPods", GoInt32),
            Field("conditions", SliceOf(MetaV1.Condition)))));
}
