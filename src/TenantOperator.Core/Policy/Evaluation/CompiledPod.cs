namespace TenantOperator.Policy.Evaluation;

/// <summary>
/// A pod with everything a verdict needs precomputed: the rules of every policy that selects it, per direction
/// (null when no policy isolates it in that direction), its named ports and the address families it has.
/// </summary>
internal sealed class CompiledPod(PodInfo info, IpAddressValue[] addresses, NamedContainerPort[] namedPorts)
{
    public PodInfo Info { get; } = info;

    public int Index => Info.Index;

    public bool HostNetwork => Info.HostNetwork;

    /// <summary>Its addresses. An array, not a list interface, so that hot loops over it do not allocate enumerators.</summary>
    public IpAddressValue[] Addresses { get; } = addresses;

    /// <summary>The named container ports, with interned names.</summary>
    public NamedContainerPort[] NamedPorts { get; } = namedPorts;

    /// <summary>The families of its addresses; <see cref="AddressFamilies.Both"/> when it has none yet (either may be used).</summary>
    public AddressFamilies Families { get; } = FamiliesOf(addresses);

    /// <summary>Rules that may allow ingress, from every policy that selects the pod and governs ingress; null when not isolated.</summary>
    public CompiledRule[]? IngressRules { get; set; }

    /// <summary>Rules that may allow egress; null when not isolated for egress.</summary>
    public CompiledRule[]? EgressRules { get; set; }

    /// <summary>The policies that isolate the pod for ingress, in namespace/name order.</summary>
    public CompiledPolicy[] IngressPolicies { get; set; } = [];

    /// <summary>The policies that isolate the pod for egress.</summary>
    public CompiledPolicy[] EgressPolicies { get; set; } = [];

    public CompiledRule[]? Rules(TrafficDirection direction) => direction == TrafficDirection.Ingress ? IngressRules : EgressRules;

    public CompiledPolicy[] Policies(TrafficDirection direction) => direction == TrafficDirection.Ingress ? IngressPolicies : EgressPolicies;

    public bool HasNamedPort(int nameId, TransportProtocol protocol, int port)
    {
        foreach (var named in NamedPorts)
        {
            if (named.NameId == nameId && named.Protocol == protocol && named.Port == port)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when both pods are scheduled on the same node (then node-local traffic rules apply).</summary>
    public bool SharesNodeWith(CompiledPod other) =>
        Info.NodeName is { Length: > 0 } node && string.Equals(node, other.Info.NodeName, StringComparison.Ordinal);

    private static AddressFamilies FamiliesOf(IpAddressValue[] addresses)
    {
        var families = AddressFamilies.None;
        foreach (var address in addresses)
        {
            families |= address.Family;
        }

        return families == AddressFamilies.None ? AddressFamilies.Both : families;
    }
}
