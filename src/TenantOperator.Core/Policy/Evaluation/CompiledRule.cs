using System.Runtime.CompilerServices;

namespace TenantOperator.Policy.Evaluation;

/// <summary>
/// One ingress or egress rule, compiled: which pods its peers match (per address family, because an ipBlock
/// matches a pod only through an address of its own family), the ipBlocks for addresses outside the cluster, and
/// its ports. <see cref="MatchesAllPeers"/> is set when <c>from</c>/<c>to</c> is absent or empty.
/// </summary>
internal sealed class CompiledRule(
    RuleRef reference,
    bool matchesAllPeers,
    PodSet peersOverV4,
    PodSet peersOverV6,
    IpBlockMatcher[] ipBlocks,
    PortMatcher ports)
{
    public RuleRef Ref { get; } = reference;

    public bool MatchesAllPeers { get; } = matchesAllPeers;

    /// <summary>Pods that match a peer when the connection runs over IPv4 (selector peers, and ipBlocks by IPv4 address).</summary>
    public PodSet PeersOverV4 { get; } = peersOverV4;

    /// <summary>Pods that match a peer when the connection runs over IPv6.</summary>
    public PodSet PeersOverV6 { get; } = peersOverV6;

    public IpBlockMatcher[] IpBlocks { get; } = ipBlocks;

    public PortMatcher Ports { get; } = ports;

    /// <summary>The address families over which the rule's peers match pod <paramref name="podIndex"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public AddressFamilies PeerFamilies(int podIndex)
    {
        if (MatchesAllPeers)
        {
            return AddressFamilies.Both;
        }

        var families = PeersOverV4.Contains(podIndex) ? AddressFamilies.V4 : AddressFamilies.None;
        return PeersOverV6.Contains(podIndex) ? families | AddressFamilies.V6 : families;
    }

    /// <summary>The family of <paramref name="address"/> when a peer matches it (only ipBlocks or an empty peer list can).</summary>
    public AddressFamilies AddressPeerFamilies(IpAddressValue address)
    {
        if (MatchesAllPeers)
        {
            return address.Family;
        }

        foreach (var block in IpBlocks)
        {
            if (block.Matches(address))
            {
                return address.Family;
            }
        }

        return AddressFamilies.None;
    }
}
