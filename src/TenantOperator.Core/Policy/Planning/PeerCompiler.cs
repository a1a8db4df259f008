using k8s.Models;
using TenantOperator.Api;

namespace TenantOperator.Policy.Planning;

/// <summary>
/// Turns a rule's peer into NetworkPolicy peers. <c>namespaces</c> becomes a namespaceSelector on the immutable
/// <c>kubernetes.io/metadata.name</c> label, so no namespace owner can join it by copying labels; <c>tenant</c>
/// becomes that tenant's membership definition (see <see cref="MembershipDefinition"/>), so it trusts what the
/// tenant's own membership trusts. A tenant peer naming an unknown tenant or one with no member yields no peer
/// (never an empty one, which would mean "everyone").
/// </summary>
internal static class PeerCompiler
{
    /// <summary>The compiled peers (one, or two for a tenant), or none with the reason when the peer currently matches nothing.</summary>
    public static (List<V1NetworkPolicyPeer> Peers, string? Warning) Compile(TenantPeer peer, Func<string, TenantMembership?> memberships)
    {
        if (peer.IpBlock is { } block)
        {
            return ([new V1NetworkPolicyPeer { IpBlock = block.ToV1() }], null);
        }

        var pods = peer.PodSelector.ToV1();
        if (peer.Namespaces is { } names)
        {
            return ([new V1NetworkPolicyPeer { NamespaceSelector = ApiModelConversions.NamespacesNamed(names), PodSelector = pods }], null);
        }

        if (peer.Tenant is { } tenant)
        {
            // A tenant without members allows nothing, even while namespaces it would own are being deleted: its
            // peers say so in status.warnings rather than reaching namespaces on their way out.
            return memberships(tenant) switch
            {
                null => ([], $"tenant {tenant} does not exist"),
                { Members.Count: 0 } => ([], $"tenant {tenant} has no member namespaces"),
                { } membership => (membership.Definition.Peers(pods), null),
            };
        }

        return ([new V1NetworkPolicyPeer { NamespaceSelector = peer.NamespaceSelector.ToV1(), PodSelector = pods }], null);
    }
}
