using k8s.Models;
using TenantOperator.Api;

namespace TenantOperator.Policy.Planning;

/// <summary>
/// Turns a rule's peer into a NetworkPolicy peer. Our own peers (<c>tenant</c>, <c>namespaces</c>) become a
/// namespaceSelector on the immutable <c>kubernetes.io/metadata.name</c> label, so no namespace owner can join them by
/// copying labels. A tenant peer that resolves to no namespace yields no peer (never an empty one, which would
/// mean "everyone").
/// </summary>
internal static class PeerCompiler
{
    /// <summary>The compiled peer, or null with the reason when the peer currently matches nothing.</summary>
    public static (V1NetworkPolicyPeer? Peer, string? Warning) Compile(TenantPeer peer, Func<string, IReadOnlyList<string>?> tenantMembers)
    {
        if (peer.IpBlock is { } block)
        {
            return (new V1NetworkPolicyPeer { IpBlock = block.ToV1() }, null);
        }

        var pods = peer.PodSelector.ToV1();
        if (peer.Namespaces is { } names)
        {
            return (new V1NetworkPolicyPeer { NamespaceSelector = ApiModelConversions.NamespacesNamed(names), PodSelector = pods }, null);
        }

        if (peer.Tenant is { } tenant)
        {
            var members = tenantMembers(tenant);
            if (members is null)
            {
                return (null, $"tenant {tenant} does not exist");
            }

            return members.Count == 0
                ? (null, $"tenant {tenant} has no member namespaces")
                : (new V1NetworkPolicyPeer { NamespaceSelector = ApiModelConversions.NamespacesNamed(members), PodSelector = pods }, null);
        }

        return (new V1NetworkPolicyPeer { NamespaceSelector = peer.NamespaceSelector.ToV1(), PodSelector = pods }, null);
    }
}
