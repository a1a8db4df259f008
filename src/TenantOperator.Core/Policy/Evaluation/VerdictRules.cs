namespace TenantOperator.Policy.Evaluation;

/// <summary>
/// The semantics shared by the fast verdict, the explained verdict and (in bulk form) the matrix: which address
/// families each side of a pod-to-pod connection allows. Keeping them in one place keeps the three in agreement.
/// </summary>
internal static class VerdictRules
{
    /// <summary>The families over which the source's egress allows the connection (all of <paramref name="wanted"/> when ungoverned).</summary>
    public static AddressFamilies Egress(CompiledPod source, CompiledPod destination, ProtocolPort port, AddressFamilies wanted)
    {
        var rules = source.EgressRules;
        if (rules is null || source.HostNetwork || (destination.HostNetwork && source.SharesNodeWith(destination)))
        {
            return wanted;
        }

        return Scan(rules, port, destination, destination.Index, wanted);
    }

    /// <summary>The families over which the destination's ingress allows the connection.</summary>
    public static AddressFamilies Ingress(CompiledPod source, CompiledPod destination, ProtocolPort port, AddressFamilies wanted)
    {
        var rules = destination.IngressRules;
        if (rules is null || destination.HostNetwork || (source.HostNetwork && source.SharesNodeWith(destination)))
        {
            return wanted;
        }

        return Scan(rules, port, destination, source.Index, wanted);
    }

    /// <summary>
    /// The families over which some rule allows <paramref name="peer"/>; named ports resolve against
    /// <paramref name="portOwner"/>, the destination pod, in both directions.
    /// </summary>
    public static AddressFamilies Scan(CompiledRule[] rules, ProtocolPort port, CompiledPod? portOwner, int peer, AddressFamilies wanted)
    {
        var found = AddressFamilies.None;
        foreach (var rule in rules)
        {
            var families = rule.PeerFamilies(peer) & wanted & ~found;
            if (families == AddressFamilies.None || !rule.Ports.Matches(port.Protocol, port.Port, portOwner))
            {
                continue;
            }

            found |= families;
            if (found == wanted)
            {
                break;
            }
        }

        return found;
    }
}
