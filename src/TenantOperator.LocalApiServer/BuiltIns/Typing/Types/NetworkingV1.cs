using static TenantOperator.LocalApiServer.BuiltIns.Typing.Types.GoTypeBuilder;

namespace TenantOperator.LocalApiServer.BuiltIns.Typing.Types;

/// <summary>k8s.io/api/networking/v1 NetworkPolicy.</summary>
internal static class NetworkingV1
{
    private static GoStruct NetworkPolicyPort { get; } = Struct("v1", "NetworkPolicyPort",
        Pointer("protocol", Named("v1.Protocol")),
        Pointer("port", GoIntOrString.Instance),
        Pointer("endPort", GoInt32));

    private static GoStruct IPBlock { get; } = Struct("v1", "IPBlock",
        Always("cidr", Str),
        Field("except", SliceOf(Str)));

    private static GoStruct NetworkPolicyPeer { get; } = Struct("v1", "NetworkPolicyPeer",
        Pointer("podSelector", MetaV1.LabelSelector),
        Pointer("namespaceSelector", MetaV1.LabelSelector),
        Pointer("ipBlock", IPBlock));

    public static GoStruct NetworkPolicy { get; } = MetaV1.Kind("v1", "NetworkPolicy",
        Field("spec", Struct("v1", "NetworkPolicySpec",
            Always("podSelector", MetaV1.LabelSelector),
            Field("ingress", SliceOf(Struct("v1", "NetworkPolicyIngressRule",
                Field("ports", SliceOf(NetworkPolicyPort)),
                Field("from", SliceOf(NetworkPolicyPeer))))),
            Field("egress", SliceOf(Struct("v1", "NetworkPolicyEgressRule",
                Field("ports", SliceOf(NetworkPolicyPort)),
                Field("to", SliceOf(NetworkPolicyPeer))))),
            Field("policyTypes", SliceOf(Named("v1.PolicyType"))))));
}
