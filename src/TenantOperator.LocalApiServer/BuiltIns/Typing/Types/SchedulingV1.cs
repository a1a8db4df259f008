using static TenantOperator.LocalApiServer.BuiltIns.Typing.Types.GoTypeBuilder;

namespace TenantOperator.LocalApiServer.BuiltIns.Typing.Types;

/// <summary>k8s.io/api/scheduling/v1 PriorityClass (v0.32).</summary>
internal static class SchedulingV1
{
    public static GoStruct PriorityClass { get; } = MetaV1.Kind("v1", "PriorityClass",
        Always("value", GoInt32),
        Field("globalDefault", Bool),
        Field("description", Str),
        Pointer("preemptionPolicy", Named("v1.PreemptionPolicy")));
}
