namespace TenantOperator.Policy.Evaluation;

/// <summary>
/// The explained verdict: the same semantics as <see cref="VerdictRules"/>, plus which policies isolate each side,
/// which rule allows it, and notes for the usual surprises. Slower than the fast path; meant for one connection.
/// </summary>
internal sealed class VerdictExplainer(CompiledCluster cluster)
{
    public ConnectionVerdict Explain(Endpoint source, Endpoint destination, ProtocolPort port)
    {
        var notes = new List<string>();
        var from = ResolvedEndpoint.Resolve(cluster, source, notes);
        var to = ResolvedEndpoint.Resolve(cluster, destination, notes);
        if (from.Pod is not null && from.Pod == to.Pod)
        {
            const string reason = "source and destination are the same pod, and a pod can always reach itself";
            return new ConnectionVerdict(from.Display, to.Display, port, true,
                new DirectionVerdict(TrafficDirection.Egress, from.Display, true, DirectionOutcome.SamePod, [], null, reason),
                new DirectionVerdict(TrafficDirection.Ingress, to.Display, true, DirectionOutcome.SamePod, [], null, reason),
                notes);
        }

        var families = from.Families & to.Families;
        var egress = Side(TrafficDirection.Egress, from, to, to, port, families);
        var ingress = Side(TrafficDirection.Ingress, to, from, to, port, families);
        var joint = egress.Families & ingress.Families & families;

        AddHostNetworkNotes(from, to, notes);
        if (families == AddressFamilies.None)
        {
            notes.Add($"{from.Display} has only {Describe(from.Families)} addresses and {to.Display} only {Describe(to.Families)}: no connection can use one family at both ends");
        }
        else if (joint == AddressFamilies.None && egress.Families != AddressFamilies.None && ingress.Families != AddressFamilies.None)
        {
            notes.Add($"egress allows the connection only over {Describe(egress.Families & families)} and ingress only over {Describe(ingress.Families & families)}: no one family satisfies both");
        }

        notes.AddRange(egress.Notes);
        notes.AddRange(ingress.Notes);
        var preferred = joint != AddressFamilies.None ? joint : families;
        return new ConnectionVerdict(
            from.Display, to.Display, port, joint != AddressFamilies.None,
            egress.ToVerdict(port, preferred, families), ingress.ToVerdict(port, preferred, families), notes);
    }

    private static SideFindings Side(
        TrafficDirection direction, ResolvedEndpoint subject, ResolvedEndpoint peer, ResolvedEndpoint destination, ProtocolPort port, AddressFamilies families)
    {
        var findings = new SideFindings(direction, subject, peer);
        var pod = subject.Pod;
        if (pod is null)
        {
            return findings.Ungoverned(DirectionOutcome.NotAPod, families,
                $"{subject.Display} is not a pod in the cluster, so no NetworkPolicy governs its {Word(direction)}");
        }

        if (pod.HostNetwork)
        {
            return findings.Ungoverned(DirectionOutcome.HostNetwork, families,
                $"{subject.Display} uses the host network, and NetworkPolicy does not govern host-network pods");
        }

        if (peer.Pod is { HostNetwork: true } && pod.SharesNodeWith(peer.Pod))
        {
            return findings.Ungoverned(DirectionOutcome.NodeLocal, families,
                $"{peer.Display} is a host-network pod on {subject.Display}'s node ({pod.Info.NodeName}), and traffic between a pod and its own node is always allowed");
        }

        var rules = pod.Rules(direction);
        if (rules is null)
        {
            return findings.Ungoverned(DirectionOutcome.NotIsolated, families,
                $"no NetworkPolicy in namespace {pod.Info.Namespace} selects {subject.Display} for {direction}, so it is not isolated for {Word(direction)}");
        }

        findings.IsolatedBy(pod.Policies(direction));
        foreach (var rule in rules)
        {
            var peerFamilies = peer.Pod is not null ? rule.PeerFamilies(peer.Pod.Index) : rule.AddressPeerFamilies(peer.Address);
            var portsMatch = rule.Ports.Matches(port.Protocol, port.Port, destination.Pod);
            if (portsMatch && (peerFamilies & families) != AddressFamilies.None)
            {
                findings.AllowedBy(rule, peerFamilies & families);
                continue;
            }

            findings.ExplainMiss(rule, peerFamilies, portsMatch, port, destination);
        }

        return findings;
    }

    private static void AddHostNetworkNotes(ResolvedEndpoint from, ResolvedEndpoint to, List<string> notes)
    {
        foreach (var end in new[] { from, to }.Where(e => e.Pod is { HostNetwork: true }).DistinctBy(e => e.Display))
        {
            notes.Add($"{end.Display} uses the host network: NetworkPolicy does not isolate it, and podSelector/namespaceSelector peers never match it; only ipBlocks do, by its node address");
        }
    }

    internal static string Word(TrafficDirection direction) => direction == TrafficDirection.Ingress ? "ingress" : "egress";

    internal static string Describe(AddressFamilies families) => families switch
    {
        AddressFamilies.V4 => "IPv4",
        AddressFamilies.V6 => "IPv6",
        AddressFamilies.Both => "IPv4 and IPv6",
        _ => "no",
    };
}
