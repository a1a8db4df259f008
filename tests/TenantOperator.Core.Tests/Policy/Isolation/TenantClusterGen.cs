using CsCheck;
using k8s.Models;
using TenantOperator.Api;
using TenantOperator.Policy.Planning;
using TenantOperator.TestSupport;

namespace TenantOperator.Core.Tests.Policy.Isolation;

/// <summary>
/// CsCheck generators of small multi-tenant clusters: up to three tenants with label selectors and names (some
/// naming namespaces that are protected, missing or claimed by an older tenant), allowIntraTenant on or off, every
/// DNS configuration, random declared rules (tenant, namespaces, namespaceSelector, podSelector and ipBlock peers,
/// with or without a podSelector; numbered, ranged, named and protocol-only ports), exempt namespaces; regular
/// namespaces with random labels (some terminating, some selected by no tenant), pods with random labels, container
/// ports and addresses (some without an address yet), and copies of regular namespaces that carry the same labels,
/// a forged <c>kubernetes.io/metadata.name</c> and the same pods.
/// </summary>
internal static class TenantClusterGen
{
    private static readonly string[] TenantNames = ["t0", "t1", "t2"];

    /// <summary>Names tenants may refer to: the regular pool (some absent), the special namespaces and one that never exists.</summary>
    private static readonly string[] NamespaceRefs =
        ["ns-0", "ns-1", "ns-2", "ns-3", "ns-4", "ns-5", "kube-system", TenantCluster.CustomDnsNamespace, TenantCluster.OperatorNamespace, "ghost"];

    private static readonly Gen<Dictionary<string, string>> NamespaceLabels = Gen.Select(
        Gen.OneOfConst<string?>(null, "red", "blue"),
        Gen.OneOfConst<string?>(null, "prod", "dev"),
        TeamAndEnv);

    /// <summary>A generated namespace's labels: <c>team</c> and <c>env</c>, each left out when null.</summary>
    public static Dictionary<string, string> TeamAndEnv(string? team, string? env)
    {
        var labels = new Dictionary<string, string>();
        if (team is not null)
        {
            labels["team"] = team;
        }

        if (env is not null)
        {
            labels["env"] = env;
        }

        return labels;
    }

    private static readonly Gen<LabelSelector> NamespaceSelector = Gen.OneOf(
        Gen.OneOfConst("red", "blue").Select(v => Labels("team", v)),
        Gen.OneOfConst("prod", "dev").Select(v => Labels("env", v)),
        Gen.Const(() => Expression("team", "In", "red", "blue")),
        Gen.Const(() => Expression("env", "NotIn", "prod")),
        Gen.Const(() => Expression("team", "Exists")),
        Gen.Const(() => Expression("env", "DoesNotExist")),
        Gen.Const(() => Expression("kubernetes.io/metadata.name", "In", "ns-1", "ns-2")),
        Gen.Const(() => new LabelSelector()));

    private static readonly Gen<LabelSelector> PodSelector = Gen.OneOf(
        Gen.OneOfConst("web", "api", "db").Select(v => Labels("app", v)),
        Gen.Const(() => Expression("app", "In", "web", "api")),
        Gen.Const(() => Expression("app", "NotIn", "db")),
        Gen.Const(() => Expression("tier", "Exists")),
        Gen.Const(() => new LabelSelector()));

    private static readonly Gen<LabelSelector?> OptionalPodSelector = Gen.Frequency(
        (2, Gen.Const(() => (LabelSelector?)null)),
        (1, PodSelector.Select(s => (LabelSelector?)s)));

    private static readonly Gen<IPBlock> IpBlock = Gen.OneOfConst(
        ("10.0.0.0/8", (string[]?)["10.1.0.0/16"]),
        ("10.2.0.0/16", null),
        ("0.0.0.0/0", null),
        ("203.0.113.0/24", null),
        ("10.0.0.2/32", null),
        ("10.50.0.0/15", null))
        .Select(b => new IPBlock { Cidr = b.Item1, Except = b.Item2?.ToList() });

    private static readonly Gen<TenantPeer> Peer = Gen.Int[0, 5].SelectMany(kind => kind switch
    {
        0 => Gen.Select(Gen.OneOfConst([.. TenantNames, "t9"]), OptionalPodSelector, (t, p) => new TenantPeer { Tenant = t, PodSelector = p }),
        1 => Gen.Select(Gen.OneOfConst(NamespaceRefs).Array[1, 2], OptionalPodSelector,
            (names, p) => new TenantPeer { Namespaces = [.. names.Distinct()], PodSelector = p }),
        2 => Gen.Select(NamespaceSelector, OptionalPodSelector, (n, p) => new TenantPeer { NamespaceSelector = n, PodSelector = p }),
        3 => PodSelector.Select(p => new TenantPeer { PodSelector = p }),
        _ => IpBlock.Select(b => new TenantPeer { IpBlock = b }),
    });

    private static readonly Gen<PolicyPort> Port = Gen.Select(
        Gen.OneOfConst<string?>(null, "TCP", "UDP", "SCTP"),
        Gen.Int[0, 3],
        Gen.OneOfConst(80, 443, 5432, 8080),
        Gen.OneOfConst("http", "db", "dns"),
        (protocol, kind, number, name) => kind switch
        {
            0 => new PolicyPort { Protocol = protocol },
            1 => new PolicyPort { Protocol = protocol, Port = number },
            2 => number >= 8080
                ? new PolicyPort { Protocol = protocol, Port = 8080, EndPort = 8081 }
                : new PolicyPort { Protocol = protocol, Port = 80, EndPort = 443 },
            _ => new PolicyPort { Protocol = protocol, Port = name },
        });

    /// <summary>A rule before its name: pods it applies to, peers (absent, empty, one or two), ports (absent, empty, one or two).</summary>
    private static readonly Gen<(LabelSelector? Pods, List<TenantPeer>? Peers, List<PolicyPort>? Ports)> Rule =
        Gen.Select(OptionalPodSelector, OptionalList(Peer), OptionalList(Port));

    private static readonly Gen<DnsPolicy?> Dns = Gen.Frequency(
        (4, Gen.Const(() => (DnsPolicy?)null)),
        (1, Gen.Const(() => (DnsPolicy?)new DnsPolicy { Allow = false })),
        (1, Gen.Const(() => (DnsPolicy?)new DnsPolicy
        {
            Namespace = TenantCluster.CustomDnsNamespace,
            PodSelector = Labels("app", "resolver"),
        })),
        (1, Gen.Const(() => (DnsPolicy?)new DnsPolicy { Cidrs = ["169.254.20.10/32", "10.1.0.0/24"] })));

    private static readonly Gen<TenantShape> Tenant = Gen.Select(
        Gen.Select(
            Gen.Frequency((1, Gen.Const(() => (LabelSelector?)null)), (2, NamespaceSelector.Select(s => (LabelSelector?)s))),
            Gen.OneOfConst(NamespaceRefs).Array[0, 3],
            Gen.OneOfConst<bool?>(null, true, false),
            Dns),
        Gen.Select(Rule.Array[0, 2], Rule.Array[0, 2], Gen.OneOfConst(NamespaceRefs).Array[0, 1], Gen.Int[0, 2]),
        (a, b) => new TenantShape(a.Item1, a.Item2, a.Item3, a.Item4, b.Item1, b.Item2, b.Item3, b.Item4));

    private static readonly Gen<V1ContainerPort[]> ContainerPorts = Gen.OneOfConst(
        new V1ContainerPort { Name = "http", ContainerPort = 8080, Protocol = "TCP" },
        new V1ContainerPort { Name = "db", ContainerPort = 5432, Protocol = "TCP" },
        new V1ContainerPort { Name = "dns", ContainerPort = 53, Protocol = "UDP" },
        new V1ContainerPort { ContainerPort = 443 }).Array[0, 3].Select(ports => ports.DistinctBy(p => p.ContainerPort).ToArray());

    private static readonly Gen<PodShape> Pod = Gen.Select(
        Gen.OneOfConst("web", "api", "db"),
        Gen.OneOfConst<string?>(null, "front", "back"),
        ContainerPorts,
        Gen.Int[0, 7].Select(n => n != 0),
        (app, tier, ports, hasAddress) => new PodShape(app, tier, ports, hasAddress));

    private static readonly Gen<(Dictionary<string, string> Labels, bool Terminating, PodShape[] Pods)> RegularNamespace = Gen.Select(
        NamespaceLabels,
        Gen.Int[0, 9].Select(n => n == 0),
        Pod.Array[0, 3]);

    private static readonly Gen<V1NetworkPolicyPeer> NetworkPolicyPeer = Gen.Int[0, 4].SelectMany(kind => kind switch
    {
        0 => PodSelector.Select(p => new V1NetworkPolicyPeer { PodSelector = p.ToV1() }),
        1 => NamespaceSelector.Select(n => new V1NetworkPolicyPeer { NamespaceSelector = n.ToV1() }),
        2 => Gen.Select(NamespaceSelector, PodSelector, (n, p) => new V1NetworkPolicyPeer { NamespaceSelector = n.ToV1(), PodSelector = p.ToV1() }),
        3 => Gen.OneOfConst(NamespaceRefs).Select(n => new V1NetworkPolicyPeer { NamespaceSelector = Expression("kubernetes.io/metadata.name", "In", n).ToV1() }),
        _ => IpBlock.Select(b => new V1NetworkPolicyPeer { IpBlock = b.ToV1() }),
    });

    private static readonly Gen<(List<V1NetworkPolicyPeer>? Peers, List<V1NetworkPolicyPort>? Ports)> NetworkPolicyRule =
        Gen.Select(OptionalList(NetworkPolicyPeer), OptionalList(Port.Select(p => p.ToV1())));

    /// <summary>
    /// A policy someone wrote by hand, in the clusters' vocabulary (their labels, names, addresses and ports), in the
    /// namespace numbered <c>#n</c> of the cluster it is added to (the caller resolves the number).
    /// </summary>
    public static readonly Gen<V1NetworkPolicy> HandWrittenPolicy = Gen.Select(
        Gen.Int[0, 20],
        PodSelector,
        Gen.OneOfConst<string[]?>(null, ["Ingress"], ["Egress"], ["Ingress", "Egress"]),
        NetworkPolicyRule.Array[0, 2],
        NetworkPolicyRule.Array[0, 2],
        (ns, pods, types, ingress, egress) => new V1NetworkPolicy
        {
            Metadata = new V1ObjectMeta { Name = "hand-written", NamespaceProperty = $"#{ns}" },
            Spec = new V1NetworkPolicySpec
            {
                PodSelector = pods.ToV1(),
                PolicyTypes = types?.ToList(),
                Ingress = [.. ingress.Select(r => new V1NetworkPolicyIngressRule { FromProperty = r.Peers, Ports = r.Ports })],
                Egress = [.. egress.Select(r => new V1NetworkPolicyEgressRule { To = r.Peers, Ports = r.Ports })],
            },
        });

    /// <summary>Puts a <see cref="HandWrittenPolicy"/> in the namespace its <c>#n</c> numbers, among <paramref name="cluster"/>'s.</summary>
    public static V1NetworkPolicy Place(V1NetworkPolicy policy, TenantCluster cluster, string name)
    {
        var index = int.Parse(policy.Metadata.NamespaceProperty[1..], System.Globalization.CultureInfo.InvariantCulture);
        policy.Metadata.NamespaceProperty = cluster.Namespaces[index % cluster.Namespaces.Count].Metadata.Name;
        policy.Metadata.Name = name;
        return policy;
    }

    /// <summary>Clusters of two to six regular namespaces, one to three tenants, and up to two copied namespaces.</summary>
    public static readonly Gen<TenantCluster> Cluster = Gen.Select(
        RegularNamespace.Array[2, 6],
        Tenant.Array[1, 3],
        Gen.Int[0, 5].Array[0, 2],
        Build);

    private static TenantCluster Build(
        (Dictionary<string, string> Labels, bool Terminating, PodShape[] Pods)[] regular, TenantShape[] tenants, int[] copies)
    {
        var namespaces = new List<V1Namespace>();
        var pods = new List<V1Pod>();
        var copyOf = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < regular.Length; i++)
        {
            var name = $"ns-{i}";
            namespaces.Add(KubernetesObjects.Namespace(name, regular[i].Labels, regular[i].Terminating));
            pods.AddRange(regular[i].Pods.Select((shape, k) => MakePod(name, $"p{k}", shape, $"10.{i}.0.{k + 1}")));
        }

        // A copy carries the original's labels, a forged name label and the same pods: it must gain nothing from
        // peers that name the original (namespaces:) or its tenant (tenant:).
        foreach (var (source, j) in copies.Select(c => c % regular.Length).Distinct().Select((c, j) => (c, j)))
        {
            var original = $"ns-{source}";
            var name = $"copy-{original}";
            copyOf[name] = original;
            var labels = new Dictionary<string, string>(regular[source].Labels) { ["kubernetes.io/metadata.name"] = original };
            namespaces.Add(KubernetesObjects.Namespace(name, labels));
            pods.AddRange(regular[source].Pods.Select((shape, k) => MakePod(name, $"p{k}", shape, $"10.{50 + j}.0.{k + 1}")));
        }

        namespaces.Add(KubernetesObjects.Namespace("kube-system", new Dictionary<string, string>()));
        pods.Add(FixedPod("kube-system", "coredns-0", "10.200.0.1", new() { ["k8s-app"] = "kube-dns" }, Dns53()));
        pods.Add(FixedPod("kube-system", "metrics-server-0", "10.200.0.2", new() { ["k8s-app"] = "metrics-server" },
            [new V1ContainerPort { Name = "dns", ContainerPort = 53, Protocol = "UDP" }, new V1ContainerPort { ContainerPort = 443 }]));
        namespaces.Add(KubernetesObjects.Namespace(TenantCluster.CustomDnsNamespace, new Dictionary<string, string> { ["team"] = "red" }));
        pods.Add(FixedPod(TenantCluster.CustomDnsNamespace, "resolver-0", "10.201.0.1", new() { ["app"] = "resolver" }, Dns53()));
        pods.Add(FixedPod(TenantCluster.CustomDnsNamespace, "web-0", "10.201.0.2", new() { ["app"] = "web" },
            [new V1ContainerPort { Name = "dns", ContainerPort = 53, Protocol = "UDP" }, new V1ContainerPort { Name = "http", ContainerPort = 8080 }]));
        namespaces.Add(KubernetesObjects.Namespace(TenantCluster.OperatorNamespace, new Dictionary<string, string> { ["team"] = "blue" }));
        pods.Add(FixedPod(TenantCluster.OperatorNamespace, "operator-0", "10.202.0.1", new() { ["app"] = "api" }, [new V1ContainerPort { Name = "http", ContainerPort = 8080 }]));

        return new TenantCluster([.. tenants.Select((t, i) => MakeTenant(TenantNames[i], t))], namespaces, pods, copyOf);
    }

    private static TenantIsolation MakeTenant(string name, TenantShape shape)
    {
        var names = shape.Names.Distinct().ToList();
        if (shape.Selector is null && names.Count == 0)
        {
            names.Add("ns-0"); // the API requires a selector or names
        }

        return new TenantIsolation
        {
            Metadata = new V1ObjectMeta { Name = name, CreationTimestamp = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(shape.CreatedDay) },
            Spec = new TenantIsolationSpec
            {
                NamespaceSelector = shape.Selector,
                Namespaces = names.Count == 0 ? null : names,
                AllowIntraTenant = shape.AllowIntraTenant,
                Dns = shape.Dns,
                Ingress = shape.Ingress.Length == 0 ? null : [.. shape.Ingress.Select((r, i) => new TenantIngressRule { Name = $"in{i}", PodSelector = r.Pods, From = r.Peers, Ports = r.Ports })],
                Egress = shape.Egress.Length == 0 ? null : [.. shape.Egress.Select((r, i) => new TenantEgressRule { Name = $"out{i}", PodSelector = r.Pods, To = r.Peers, Ports = r.Ports })],
                ExemptNamespaces = shape.Exempt.Length == 0 ? null : [.. shape.Exempt.Distinct().Select(n => new ExemptNamespace { Name = n, Reason = "generated" })],
            },
        };
    }

    private static V1Pod MakePod(string ns, string name, PodShape shape, string address)
    {
        var labels = new Dictionary<string, string> { ["app"] = shape.App };
        if (shape.Tier is not null)
        {
            labels["tier"] = shape.Tier;
        }

        return FixedPod(ns, name, shape.HasAddress ? address : null, labels, [.. shape.Ports]);
    }

    private static V1Pod FixedPod(string ns, string name, string? address, Dictionary<string, string> labels, List<V1ContainerPort> ports) => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Labels = labels },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "main", Ports = ports }] },
        Status = address is null ? new V1PodStatus { Phase = "Pending" } : new V1PodStatus { Phase = "Running", PodIP = address, PodIPs = [new V1PodIP { Ip = address }] },
    };

    private static List<V1ContainerPort> Dns53() =>
        [new V1ContainerPort { Name = "dns", ContainerPort = 53, Protocol = "UDP" }, new V1ContainerPort { Name = "dns-tcp", ContainerPort = 53, Protocol = "TCP" }];

    private static LabelSelector Labels(string key, string value) => new() { MatchLabels = new Dictionary<string, string> { [key] = value } };

    private static LabelSelector Expression(string key, string op, params string[] values) => new()
    {
        MatchExpressions = [new LabelSelectorRequirement { Key = key, Operator = op, Values = values.Length == 0 ? null : [.. values] }],
    };

    /// <summary>Absent (null), empty, or one or two items: the three shapes a rule's lists take.</summary>
    private static Gen<List<T>?> OptionalList<T>(Gen<T> item) => Gen.Int[0, 3].SelectMany(kind => kind switch
    {
        0 => Gen.Const(() => (List<T>?)null),
        1 => Gen.Const(() => (List<T>?)[]),
        _ => item.Array[1, 2].Select(items => (List<T>?)[.. items]),
    });

    private sealed record TenantShape(
        LabelSelector? Selector,
        string[] Names,
        bool? AllowIntraTenant,
        DnsPolicy? Dns,
        (LabelSelector? Pods, List<TenantPeer>? Peers, List<PolicyPort>? Ports)[] Ingress,
        (LabelSelector? Pods, List<TenantPeer>? Peers, List<PolicyPort>? Ports)[] Egress,
        string[] Exempt,
        int CreatedDay);

    private sealed record PodShape(string App, string? Tier, V1ContainerPort[] Ports, bool HasAddress);
}
