using k8s.Models;

namespace TenantOperator.Policy;

/// <summary>The peers a NetworkPolicy names, wherever they stand: its ingress rules' sources, then its egress rules' destinations.</summary>
public static class PolicyPeers
{
    /// <summary>Every peer of <paramref name="policy"/>'s rules; none for a policy without rules or spec.</summary>
    public static IEnumerable<V1NetworkPolicyPeer> Of(V1NetworkPolicy policy) =>
        (policy.Spec?.Ingress ?? []).SelectMany(r => r.FromProperty ?? [])
            .Concat((policy.Spec?.Egress ?? []).SelectMany(r => r.To ?? []));
}
