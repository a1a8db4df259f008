using CsCheck;
using k8s.Models;

namespace TenantOperator.Core.Tests.Policy.Evaluation;

/// <summary>
/// CsCheck generators of small clusters that exercise every feature: labelled namespaces, pods with labels, named
/// container ports, IPv4, IPv6, dual-stack or no addresses, host-network pods on two nodes, and policies with every
/// kind of selector, peer, ipBlock (with except), port, range and protocol, with policyTypes given or left to inference.
/// </summary>
internal static class RandomClusterGen
{
    private static readonly string[] Keys = ["app", "team", "tier"];
    private static readonly string[] Values = ["a", "b", "c"];
    private static readonly string[] NamespaceNames = ["n0", "n1", "n2", "n3"];

    private static readonly Gen<Dictionary<string, string>> LabelSet =
        Gen.Select(Gen.OneOfConst(Keys), Gen.OneOfConst(Values), (k, v) => (k, v)).Array[0, 3]
            .Select(pairs => pairs.DistinctBy(p => p.k).ToDictionary(p => p.k, p => p.v));

    private static readonly Gen<V1LabelSelector> PodSelector = Selector(Keys, Values);

    private static readonly Gen<V1LabelSelector> NamespaceSelector =
        Selector(["team", "kubernetes.io/metadata.name"], ["a", "b", "n0", "n1"]);

    private static readonly Gen<V1ContainerPort> ContainerPort = Gen.Select(
        Gen.OneOfConst<string?>(null, "http", "dns", "metrics"),
        Gen.OneOfConst(53, 80, 443, 8080),
        Gen.OneOfConst<string?>(null, "TCP", "UDP", "SCTP"),
        (name, port, protocol) => new V1ContainerPort { Name = name, ContainerPort = port, Protocol = protocol });

    /// <summary>A pod before its name and addresses: namespace number, labels, addressing, ports, node.</summary>
    private static readonly Gen<(int Namespace, Dictionary<string, string> Labels, int Addressing, V1ContainerPort[] Ports, int Node)> PodShape =
        Gen.Select(Gen.Int[0, 3], LabelSet, Gen.Int[0, 5], ContainerPort.Array[0, 3], Gen.Int[1, 2]);

    private static readonly Gen<V1IPBlock> IpBlock = Gen.OneOfConst(
        ("10.0.0.0/8", (string[]?)null),
        ("10.1.0.0/16", ["10.1.0.1/32"]),
        ("0.0.0.0/0", ["10.0.0.0/8"]),
        ("fd00::/16", null),
        ("fd00::/16", ["fd00::1:0/112"]),
        ("192.168.0.0/24", null),
        ("10.2.0.0/16", null))
        .Select(b => new V1IPBlock { Cidr = b.Item1, Except = b.Item2?.ToList() });

    private static readonly Gen<V1NetworkPolicyPeer> Peer = Gen.Int[0, 3].SelectMany(kind => kind switch
    {
        0 => PodSelector.Select(p => new V1NetworkPolicyPeer { PodSelector = p }),
        1 => NamespaceSelector.Select(n => new V1NetworkPolicyPeer { NamespaceSelector = n }),
        2 => Gen.Select(PodSelector, NamespaceSelector, (p, n) => new V1NetworkPolicyPeer { PodSelector = p, NamespaceSelector = n }),
        _ => IpBlock.Select(b => new V1NetworkPolicyPeer { IpBlock = b }),
    });

    private static readonly Gen<V1NetworkPolicyPort> PolicyPort = Gen.Select(
        Gen.OneOfConst<string?>(null, "TCP", "UDP", "SCTP"),
        Gen.Int[0, 3],
        Gen.OneOfConst(53, 80, 443, 8080),
        Gen.OneOfConst("http", "dns", "metrics"),
        (protocol, kind, number, name) => kind switch
        {
            0 => new V1NetworkPolicyPort { Protocol = protocol },
            1 => new V1NetworkPolicyPort { Protocol = protocol, Port = number },
            2 => new V1NetworkPolicyPort { Protocol = protocol, Port = number, EndPort = number == 8080 ? 8080 : 443 },
            _ => new V1NetworkPolicyPort { Protocol = protocol, Port = name },
        });

    /// <summary>A rule as (peers, ports), each absent, empty, or one or two entries.</summary>
    public static readonly Gen<(List<V1NetworkPolicyPeer>? Peers, List<V1NetworkPolicyPort>? Ports)> Rule =
        Gen.Select(OptionalList(Peer), OptionalList(PolicyPort));

    private static readonly Gen<(int Namespace, V1LabelSelector Selector, string[]? Types, (List<V1NetworkPolicyPeer>?, List<V1NetworkPolicyPort>?)[]? Ingress, (List<V1NetworkPolicyPeer>?, List<V1NetworkPolicyPort>?)[]? Egress)> PolicyShape =
        Gen.Select(
            Gen.Int[0, 3],
            PodSelector,
            Gen.OneOfConst<string[]?>(null, ["Ingress"], ["Egress"], ["Ingress", "Egress"]),
            OptionalArray(Rule),
            OptionalArray(Rule));

    /// <summary>Clusters of one to four namespaces, up to ten pods and up to five policies, all of one IP stack.</summary>
    public static readonly Gen<RandomCluster> Cluster = Gen.Select(
        LabelSet.Array[1, 4],
        Gen.OneOfConst("v4", "v6", "dual"),
        PodShape.Array[0, 10],
        PolicyShape.Array[0, 5],
        Build);

    /// <summary>A policy in one of the cluster's namespaces that selects no pod (no pod has the label key "selects").</summary>
    public static readonly Gen<V1NetworkPolicy> PolicySelectingNothing = PolicyShape.Select(shape =>
    {
        var policy = MakePolicy(shape, NamespaceNames[shape.Namespace], "selects-nothing");
        policy.Spec.PodSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["selects"] = "nothing" } };
        return policy;
    });

    public static V1NetworkPolicyIngressRule IngressRule((List<V1NetworkPolicyPeer>? Peers, List<V1NetworkPolicyPort>? Ports) rule) =>
        new() { FromProperty = rule.Peers, Ports = rule.Ports };

    public static V1NetworkPolicyEgressRule EgressRule((List<V1NetworkPolicyPeer>? Peers, List<V1NetworkPolicyPort>? Ports) rule) =>
        new() { To = rule.Peers, Ports = rule.Ports };

    private static RandomCluster Build(
        Dictionary<string, string>[] namespaceLabels,
        string stack,
        (int Namespace, Dictionary<string, string> Labels, int Addressing, V1ContainerPort[] Ports, int Node)[] podShapes,
        (int Namespace, V1LabelSelector Selector, string[]? Types, (List<V1NetworkPolicyPeer>?, List<V1NetworkPolicyPort>?)[]? Ingress, (List<V1NetworkPolicyPeer>?, List<V1NetworkPolicyPort>?)[]? Egress)[] policyShapes)
    {
        var namespaces = namespaceLabels.Select((labels, i) => new V1Namespace
        {
            Metadata = new V1ObjectMeta { Name = NamespaceNames[i], Labels = labels },
        }).ToList();

        var pods = podShapes.Select((shape, i) =>
        {
            var ns = shape.Namespace % namespaces.Count;
            var hostNetwork = shape.Addressing == 5;
            var addresses = shape.Addressing == 4 ? [] : Addresses(stack, hostNetwork ? $"192.168.0.{shape.Node}" : $"10.{ns}.0.{i + 1}", hostNetwork ? $"fd00::ff:{shape.Node}" : $"fd00::{ns}:{i + 1}");
            return new V1Pod
            {
                Metadata = new V1ObjectMeta { Name = $"p{i}", NamespaceProperty = NamespaceNames[ns], Labels = shape.Labels },
                Spec = new V1PodSpec
                {
                    HostNetwork = hostNetwork,
                    NodeName = $"node-{shape.Node}",
                    // Port names must be unique within a pod; keep the first of each name.
                    Containers = [new V1Container { Name = "main", Ports = [.. shape.Ports.Where((p, at) => p.Name is null || shape.Ports.Take(at).All(q => q.Name != p.Name))] }],
                },
                Status = new V1PodStatus { PodIPs = [.. addresses.Select(a => new V1PodIP { Ip = a })] },
            };
        }).ToList();

        var policies = policyShapes.Select((shape, i) => MakePolicy(shape, NamespaceNames[shape.Namespace % namespaces.Count], $"pol{i}")).ToList();
        return new RandomCluster(namespaces, pods, policies);
    }

    private static string[] Addresses(string stack, string v4, string v6) => stack switch
    {
        "v4" => [v4],
        "v6" => [v6],
        _ => [v4, v6],
    };

    private static V1NetworkPolicy MakePolicy(
        (int Namespace, V1LabelSelector Selector, string[]? Types, (List<V1NetworkPolicyPeer>?, List<V1NetworkPolicyPort>?)[]? Ingress, (List<V1NetworkPolicyPeer>?, List<V1NetworkPolicyPort>?)[]? Egress) shape,
        string ns,
        string name) => new()
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
            Spec = new V1NetworkPolicySpec
            {
                PodSelector = shape.Selector,
                PolicyTypes = shape.Types?.ToList(),
                Ingress = shape.Ingress?.Select(IngressRule).ToList(),
                Egress = shape.Egress?.Select(EgressRule).ToList(),
            },
        };

    private static Gen<V1LabelSelector> Selector(string[] keys, string[] values)
    {
        var expression = Gen.Select(
            Gen.OneOfConst(keys),
            Gen.OneOfConst("In", "NotIn", "Exists", "DoesNotExist"),
            Gen.OneOfConst(values).Array[1, 2],
            (key, op, vals) => new V1LabelSelectorRequirement
            {
                Key = key,
                OperatorProperty = op,
                Values = op is "In" or "NotIn" ? [.. vals.Distinct()] : null,
            });
        return Gen.Select(
            Gen.Select(Gen.OneOfConst(keys), Gen.OneOfConst(values), (k, v) => (k, v)).Array[0, 1],
            expression.Array[0, 1],
            (labels, expressions) => new V1LabelSelector
            {
                MatchLabels = labels.Length == 0 ? null : labels.ToDictionary(l => l.k, l => l.v),
                MatchExpressions = expressions.Length == 0 ? null : [.. expressions],
            });
    }

    /// <summary>Absent (null), empty, or one or two items: the three shapes NetworkPolicy lists take.</summary>
    private static Gen<List<T>?> OptionalList<T>(Gen<T> item) => Gen.Int[0, 3].SelectMany(kind => kind switch
    {
        0 => Gen.Const(() => (List<T>?)null),
        1 => Gen.Const(() => (List<T>?)[]),
        _ => item.Array[1, 2].Select(items => (List<T>?)[.. items]),
    });

    private static Gen<T[]?> OptionalArray<T>(Gen<T> item) => Gen.Int[0, 3].SelectMany(kind => kind switch
    {
        0 => Gen.Const(() => (T[]?)null),
        1 => Gen.Const(() => (T[]?)[]),
        _ => item.Array[1, 2].Select(items => (T[]?)items),
    });
}
