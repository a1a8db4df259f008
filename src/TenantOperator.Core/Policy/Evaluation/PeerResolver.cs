using TenantOperator.Policy.Selectors;

namespace TenantOperator.Policy.Evaluation;

/// <summary>
/// Answers "which pods does this selector or ipBlock match" over the compiled pod list. Pods are sorted by
/// namespace, so a namespace is a contiguous index range; selectors go through the label index.
/// </summary>
internal sealed class PeerResolver
{
    private readonly IReadOnlyList<CompiledPod> _pods;
    private readonly IReadOnlyList<EvaluatedNamespace> _namespaces;
    private readonly Dictionary<string, (int Start, int End)> _ranges;
    private readonly LabelIndex _podLabels;
    private readonly LabelIndex _namespaceLabels;
    private readonly Dictionary<string, PodSet> _namespaceSelections = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PodSet> _podSelections = new(StringComparer.Ordinal);
    private readonly (UInt128 Bits, int Pod)[] _v4Addresses;
    private readonly (UInt128 Bits, int Pod)[] _v6Addresses;

    public PeerResolver(IReadOnlyList<CompiledPod> pods, IReadOnlyList<EvaluatedNamespace> namespaces)
    {
        _pods = pods;
        _namespaces = namespaces;
        _ranges = new Dictionary<string, (int, int)>(StringComparer.Ordinal);
        for (var i = 0; i < pods.Count;)
        {
            var start = i;
            var ns = pods[i].Info.Namespace;
            while (i < pods.Count && string.Equals(pods[i].Info.Namespace, ns, StringComparison.Ordinal))
            {
                i++;
            }

            _ranges.Add(ns, (start, i));
        }

        _podLabels = new LabelIndex([.. pods.Select(p => p.Info.Labels)]);
        _namespaceLabels = new LabelIndex([.. namespaces.Select(n => n.Labels)]);
        // Addresses sorted per family, so that an ipBlock finds its pods by binary search instead of a scan.
        _v4Addresses = SortedAddresses(pods, AddressFamilies.V4);
        _v6Addresses = SortedAddresses(pods, AddressFamilies.V6);
        Everyone = PodSet.Full(pods.Count);
        PodNetwork = new PodSet(pods.Count);
        foreach (var pod in pods)
        {
            if (!pod.HostNetwork)
            {
                PodNetwork.Add(pod.Index);
            }
        }
    }

    /// <summary>
    /// Pods on the pod network. Host-network pods are left out of every selection: NetworkPolicy does not isolate
    /// them, and selectors do not match them as peers (their traffic carries the node's address).
    /// </summary>
    public PodSet PodNetwork { get; }

    public int PodCount => _pods.Count;

    /// <summary>Every pod: the peers of a rule with no <c>from</c>/<c>to</c>. Shared and read-only.</summary>
    public PodSet Everyone { get; }

    /// <summary>The indexes of the pod-network pods of <paramref name="ns"/> matching <paramref name="podSelector"/>, without building a set.</summary>
    public IEnumerable<int> MembersInNamespace(string ns, CompiledLabelSelector podSelector)
    {
        if (!_ranges.TryGetValue(ns, out var range))
        {
            yield break;
        }

        var selection = SelectPods(podSelector);
        for (var i = range.Start; i < range.End; i++)
        {
            if (selection.Contains(i))
            {
                yield return i;
            }
        }
    }

    /// <summary>Pod-network pods of namespace <paramref name="ns"/> whose labels match <paramref name="podSelector"/>.</summary>
    public PodSet SelectInNamespace(string ns, CompiledLabelSelector podSelector)
    {
        var result = new PodSet(_pods.Count);
        if (_ranges.TryGetValue(ns, out var range))
        {
            result.AddRange(range.Start, range.End);
        }

        result.IntersectWith(SelectPods(podSelector));
        return result;
    }

    /// <summary>Pod-network pods in namespaces matching <paramref name="namespaceSelector"/> with labels matching <paramref name="podSelector"/>.</summary>
    public PodSet SelectInNamespaces(CompiledLabelSelector namespaceSelector, CompiledLabelSelector podSelector)
    {
        var result = NamespaceMembers(namespaceSelector).Clone();
        result.IntersectWith(SelectPods(podSelector));
        return result;
    }

    /// <summary>Pods having an address inside <paramref name="block"/>, per family. Host-network pods count, by their (node) address.</summary>
    public (PodSet OverV4, PodSet OverV6) MatchIpBlock(IpBlockMatcher block)
    {
        var overV4 = new PodSet(_pods.Count);
        var overV6 = new PodSet(_pods.Count);
        var cidr = block.Cidr;
        var sorted = cidr.Family == AddressFamilies.V4 ? _v4Addresses : _v6Addresses;
        var matched = cidr.Family == AddressFamilies.V4 ? overV4 : overV6;
        var last = cidr.Last;
        for (var i = LowerBound(sorted, cidr.Network); i < sorted.Length && sorted[i].Bits <= last; i++)
        {
            if (block.Matches(new IpAddressValue(cidr.Family, sorted[i].Bits)))
            {
                matched.Add(sorted[i].Pod);
            }
        }

        return (overV4, overV6);
    }

    private PodSet SelectPods(CompiledLabelSelector podSelector)
    {
        var key = podSelector.ToString();
        if (!_podSelections.TryGetValue(key, out var selection))
        {
            selection = _podLabels.Select(podSelector).Clone();
            selection.IntersectWith(PodNetwork);
            _podSelections.Add(key, selection);
        }

        return selection;
    }

    private PodSet NamespaceMembers(CompiledLabelSelector namespaceSelector)
    {
        var key = namespaceSelector.ToString();
        if (!_namespaceSelections.TryGetValue(key, out var members))
        {
            members = new PodSet(_pods.Count);
            foreach (var index in _namespaceLabels.Select(namespaceSelector).Members())
            {
                if (_ranges.TryGetValue(_namespaces[index].Name, out var range))
                {
                    members.AddRange(range.Start, range.End);
                }
            }

            _namespaceSelections.Add(key, members);
        }

        return members;
    }

    private static (UInt128 Bits, int Pod)[] SortedAddresses(IReadOnlyList<CompiledPod> pods, AddressFamilies family)
    {
        var addresses = new List<(UInt128 Bits, int Pod)>();
        foreach (var pod in pods)
        {
            foreach (var address in pod.Addresses)
            {
                if (address.Family == family)
                {
                    addresses.Add((address.Bits, pod.Index));
                }
            }
        }

        addresses.Sort((a, b) => a.Bits.CompareTo(b.Bits));
        return [.. addresses];
    }

    private static int LowerBound((UInt128 Bits, int Pod)[] sorted, UInt128 value)
    {
        var low = 0;
        var high = sorted.Length;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (sorted[middle].Bits < value)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}
