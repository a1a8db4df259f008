namespace TenantOperator.Policy.Evaluation;

/// <summary>
/// Computes every pod-to-pod verdict with bitsets instead of n² rule scans. Per port and per address family
/// ("plane"): the egress row of each source (destinations its egress allows), the ingress row of each destination
/// (sources its ingress allows), the transpose of the latter, and their intersection. Same semantics as
/// <see cref="VerdictRules"/>, verified against it by the tests.
/// </summary>
internal sealed class MatrixBuilder
{
    private readonly CompiledCluster _cluster;
    private readonly int _count;
    private readonly PodSet _everyone;
    private readonly PodSet _nobody;
    private readonly Plane[] _planes;
    private readonly Dictionary<string, PodSet> _hostNetworkByNode = new(StringComparer.Ordinal);

    public MatrixBuilder(CompiledCluster cluster)
    {
        _cluster = cluster;
        _count = cluster.Pods.Length;
        _everyone = PodSet.Full(_count);
        _nobody = new PodSet(_count);
        _planes = ChoosePlanes();
        foreach (var pod in cluster.Pods.Where(p => p.HostNetwork && !string.IsNullOrEmpty(p.Info.NodeName)))
        {
            if (!_hostNetworkByNode.TryGetValue(pod.Info.NodeName!, out var onNode))
            {
                _hostNetworkByNode.Add(pod.Info.NodeName!, onNode = new PodSet(_count));
            }

            onNode.Add(pod.Index);
        }
    }

    public ConnectivityMatrix Build(IReadOnlyList<ProtocolPort> ports)
    {
        var rows = new PodSet[ports.Count][];
        for (var p = 0; p < ports.Count; p++)
        {
            rows[p] = BuildPort(ports[p]);
        }

        return new ConnectivityMatrix([.. _cluster.Pods.Select(pod => pod.Info)], [.. ports], rows);
    }

    private PodSet[] BuildPort(ProtocolPort port)
    {
        var result = new PodSet[_count];
        for (var i = 0; i < _count; i++)
        {
            result[i] = new PodSet(_count);
            result[i].Add(i); // a pod can always reach itself
        }

        var namedPortHolders = NamedPortHolders(port);
        foreach (var plane in _planes)
        {
            var egress = new PodSet[_count];
            var ingress = new PodSet[_count];
            for (var i = 0; i < _count; i++)
            {
                egress[i] = EgressRow(_cluster.Pods[i], port, plane, namedPortHolders);
                ingress[i] = IngressRow(_cluster.Pods[i], port, plane);
            }

            var ingressBySource = BitMatrix.Transpose(ingress, _count);
            foreach (var source in plane.Members.Members())
            {
                result[source].UnionWithIntersectionOf(egress[source], ingressBySource[source], plane.Members);
            }
        }

        return result;
    }

    private PodSet EgressRow(CompiledPod source, ProtocolPort port, Plane plane, Dictionary<int, PodSet> namedPortHolders)
    {
        var rules = source.EgressRules;
        if (rules is null || source.HostNetwork)
        {
            return _everyone;
        }

        var row = new PodSet(_count);
        foreach (var rule in rules)
        {
            var destinations = Destinations(rule, port, namedPortHolders);
            if (ReferenceEquals(destinations, _nobody))
            {
                continue;
            }

            row.UnionWithIntersectionOf(rule.MatchesAllPeers ? _everyone : plane.Peers(rule), destinations);
        }

        AddOwnNodeHostPods(row, source);
        return row;
    }

    private PodSet IngressRow(CompiledPod destination, ProtocolPort port, Plane plane)
    {
        var rules = destination.IngressRules;
        if (rules is null || destination.HostNetwork)
        {
            return _everyone;
        }

        var row = new PodSet(_count);
        foreach (var rule in rules)
        {
            if (rule.Ports.Matches(port.Protocol, port.Port, destination))
            {
                row.UnionWith(rule.MatchesAllPeers ? _everyone : plane.Peers(rule));
            }
        }

        AddOwnNodeHostPods(row, destination);
        return row;
    }

    /// <summary>The destinations for which the rule's ports admit <paramref name="port"/> (named ports depend on the destination).</summary>
    private PodSet Destinations(CompiledRule rule, ProtocolPort port, Dictionary<int, PodSet> namedPortHolders)
    {
        if (rule.Ports.MatchesByNumber(port.Protocol, port.Port))
        {
            return _everyone;
        }

        PodSet? holders = null;
        foreach (var entry in rule.Ports.Entries)
        {
            if (entry.Name is not null && entry.Protocol == port.Protocol && namedPortHolders.TryGetValue(entry.NameId, out var withName))
            {
                (holders ??= new PodSet(_count)).UnionWith(withName);
            }
        }

        return holders ?? _nobody;
    }

    /// <summary>For each port name: the pods with a container port of that name, the port's protocol and its number.</summary>
    private Dictionary<int, PodSet> NamedPortHolders(ProtocolPort port)
    {
        var holders = new Dictionary<int, PodSet>();
        foreach (var pod in _cluster.Pods)
        {
            foreach (var entry in NamedIdsOf(pod, port))
            {
                if (!holders.TryGetValue(entry, out var set))
                {
                    holders.Add(entry, set = new PodSet(_count));
                }

                set.Add(pod.Index);
            }
        }

        return holders;
    }

    private static IEnumerable<int> NamedIdsOf(CompiledPod pod, ProtocolPort port) =>
        pod.NamedPorts.Where(n => n.Protocol == port.Protocol && n.Port == port.Port).Select(n => n.NameId);

    private void AddOwnNodeHostPods(PodSet row, CompiledPod pod)
    {
        // Traffic between a pod and its own node is always allowed, and a host-network pod's traffic is the node's.
        if (!string.IsNullOrEmpty(pod.Info.NodeName) && _hostNetworkByNode.TryGetValue(pod.Info.NodeName, out var onNode))
        {
            row.UnionWith(onNode);
        }
    }

    private Plane[] ChoosePlanes()
    {
        var pods = _cluster.Pods;
        var rules = _cluster.Policies.SelectMany(p => p.IngressRules.Concat(p.EgressRules)).ToArray();
        var uniform = pods.Length == 0 || pods.All(p => p.Families == pods[0].Families);
        var sameSets = rules.All(r => ReferenceEquals(r.PeersOverV4, r.PeersOverV6) || r.PeersOverV4.SetEquals(r.PeersOverV6));
        if (uniform && sameSets)
        {
            // One family for every pod, or identical peers for both: one plane answers for all pairs.
            return [new Plane(_everyone, r => r.PeersOverV4)];
        }

        var planes = new List<Plane>();
        foreach (var family in new[] { AddressFamilies.V4, AddressFamilies.V6 })
        {
            var members = new PodSet(_count);
            foreach (var pod in pods.Where(p => (p.Families & family) != AddressFamilies.None))
            {
                members.Add(pod.Index);
            }

            if (!members.IsEmpty)
            {
                planes.Add(new Plane(members, family == AddressFamilies.V4 ? r => r.PeersOverV4 : r => r.PeersOverV6));
            }
        }

        return [.. planes];
    }

    /// <summary>One address family: the pods that can use it, and each rule's peers over it.</summary>
    private sealed record Plane(PodSet Members, Func<CompiledRule, PodSet> Peers);
}
