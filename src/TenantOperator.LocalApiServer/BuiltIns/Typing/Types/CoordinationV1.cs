using static TenantOperator.LocalApiServer.BuiltIns.Typing.Types.GoTypeBuilder;

namespace TenantOperator.LocalApiServer.BuiltIns.Typing.Types;

/// <summary>k8s.io/api/coordination/v1 Lease.</summary>
internal static class CoordinationV1
{
    public static GoStruct Lease { get; } = MetaV1.Kind("v1", "Lease",
        Field("spec", Struct("v1", "LeaseSpec",
            Pointer("holderIdentity", Str),
            Pointer("leaseDurationSeconds", GoInt32),
            Pointer("acquireTime", GoTime.MicroTime),
            Pointer("renewTime", GoTime.MicroTime),
            Pointer("leaseTransitions", GoInt32),
            Pointer("strategy", Named("v1.CoordinatedLeaseStrategy")),
            Pointer("preferredHolder", Str))));
}
