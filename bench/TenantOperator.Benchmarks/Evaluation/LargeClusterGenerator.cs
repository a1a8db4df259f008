using k8s.Models;

namespace TenantOperator.Benchmarks.Evaluation;

/// <summary>
/// A deterministic large cluster shaped like a multi-tenant one: namespaces grouped into tenants, each namespace
/// with a default deny, an intra-tenant allow, a DNS egress allow, an app-to-database allow on a named port, and
/// (every other namespace) an egress allow to an outside CIDR. With the defaults: 1,000 namespaces, 10,000 pods,
/// 5,000 policies.
/// </summary>
public static class LargeClusterGenerator
{
    private static readonly string[] Apps = ["web", "api", "db", "cache", "worker"];

    public static SyntheticCluster Generate(int namespaceCount = 1000, int podsPerNamespace = 10, int tenants = 100, int seed = 42)
    {
        var random = new Random(seed);
        var namespaces = new List<V1Namespace>(namespaceCount + 1);
        var pods = new List<V1Pod>(namespaceCount * podsPerNamespace + 2);
        var policies = new List<V1NetworkPolicy>(namespaceCount * 5);

        namespaces.Add(Namespace("kube-system", new() { ["kubernetes.io/metadata.name"] = "kube-system" }));
        for (var d = 0; d < 2; d++)
        {
            pods.Add(Pod("kube-system", $"coredns-{d}", new() { ["k8s-app"] = "kube-dns" }, $"10.255.0.{d + 1}",
                [new V1ContainerPort { Name = "dns", ContainerPort = 53, Protocol = "UDP" }, new V1ContainerPort { Name = "dns-tcp", ContainerPort = 53, Protocol = "TCP" }]));
        }

        for (var n = 0; n < namespaceCount; n++)
        {
            var ns = $"ns-{n:D4}";
            var tenant = $"t{n % tenants:D3}";
            namespaces.Add(Namespace(ns, new() { ["tenant"] = tenant, ["env"] = random.Next(2) == 0 ? "prod" : "dev" }));
            for (var p = 0; p < podsPerNamespace; p++)
            {
                var app = Apps[p % Apps.Length];
                var index = n * podsPerNamespace + p;
                pods.Add(Pod(ns, $"{app}-{p}", new() { ["app"] = app, ["tier"] = p < podsPerNamespace / 2 ? "front" : "back", ["version"] = $"v{random.Next(3)}" },
                    $"10.{index >> 16}.{(index >> 8) & 255}.{index & 255}",
                    [new V1ContainerPort { Name = app == "db" ? "postgres" : "http", ContainerPort = app == "db" ? 5432 : 8080, Protocol = "TCP" },
                     new V1ContainerPort { Name = "metrics", ContainerPort = 9090, Protocol = "TCP" }]));
            }

            policies.Add(Policy(ns, "default-deny", new V1LabelSelector(), ["Ingress", "Egress"], null, null));
            policies.Add(Policy(ns, "intra-tenant", new V1LabelSelector(), ["Ingress", "Egress"],
                [new V1NetworkPolicyIngressRule { FromProperty = [TenantPeer(tenant)] }],
                [new V1NetworkPolicyEgressRule { To = [TenantPeer(tenant)] }]));
            policies.Add(Policy(ns, "dns", new V1LabelSelector(), ["Egress"], null,
                [new V1NetworkPolicyEgressRule
                {
                    To = [new V1NetworkPolicyPeer
                    {
                        NamespaceSelector = Labels("kubernetes.io/metadata.name", "kube-system"),
                        PodSelector = Labels("k8s-app", "kube-dns"),
                    }],
                    Ports = [new V1NetworkPolicyPort { Protocol = "UDP", Port = 53 }, new V1NetworkPolicyPort { Protocol = "TCP", Port = 53 }],
                }]));
            policies.Add(Policy(ns, "api-to-db", Labels("app", "db"), ["Ingress"],
                [new V1NetworkPolicyIngressRule
                {
                    FromProperty = [new V1NetworkPolicyPeer { PodSelector = Labels("app", "api") }, new V1NetworkPolicyPeer { NamespaceSelector = Labels("tenant", $"t{(n + 1) % tenants:D3}"), PodSelector = Labels("app", "api") }],
                    Ports = [new V1NetworkPolicyPort { Port = "postgres" }],
                }],
                null));
            policies.Add(n % 2 == 0
                ? Policy(ns, "egress-partner", Labels("tier", "back"), ["Egress"], null,
                    [new V1NetworkPolicyEgressRule
                    {
                        To = [new V1NetworkPolicyPeer { IpBlock = new V1IPBlock { Cidr = "203.0.113.0/24", Except = ["203.0.113.128/25"] } }],
                        Ports = [new V1NetworkPolicyPort { Port = 443 }],
                    }])
                : Policy(ns, "web-from-anywhere", Labels("app", "web"), ["Ingress"],
                    [new V1NetworkPolicyIngressRule { Ports = [new V1NetworkPolicyPort { Port = 8080, EndPort = 8090 }] }], null));
        }

        return new SyntheticCluster(namespaces, pods, policies);
    }

    private static V1NetworkPolicyPeer TenantPeer(string tenant) => new() { NamespaceSelector = Labels("tenant", tenant) };

    private static V1LabelSelector Labels(string key, string value) => new() { MatchLabels = new Dictionary<string, string> { [key] = value } };

    private static V1Namespace Namespace(string name, Dictionary<string, string> labels) => new() { Metadata = new V1ObjectMeta { Name = name, Labels = labels } };

    private static V1Pod Pod(string ns, string name, Dictionary<string, string> labels, string ip, List<V1ContainerPort> ports) => new()
    {
        Metadata = new V1ObjectMeta { NamespaceProperty = ns, Name = name, Labels = labels },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "main", Ports = ports }] },
        Status = new V1PodStatus { PodIP = ip, PodIPs = [new V1PodIP { Ip = ip }] },
    };

    private static V1NetworkPolicy Policy(
        string ns, string name, V1LabelSelector podSelector, List<string> types, List<V1NetworkPolicyIngressRule>? ingress, List<V1NetworkPolicyEgressRule>? egress) => new()
        {
            Metadata = new V1ObjectMeta { NamespaceProperty = ns, Name = name },
            Spec = new V1NetworkPolicySpec { PodSelector = podSelector, PolicyTypes = types, Ingress = ingress, Egress = egress },
        };
}
