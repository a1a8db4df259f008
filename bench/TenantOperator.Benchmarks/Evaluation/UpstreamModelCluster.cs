using k8s.Models;

namespace TenantOperator.Benchmarks.Evaluation;

/// <summary>
/// The upstream e2e model (namespaces x, y, z; pods a, b, c serving 80 and 81 over TCP, UDP and SCTP) with a typical
/// mix of its test policies in place: a default deny in x, a pod-and-namespace-selector allow, a named-port allow,
/// and an egress policy with an ipBlock.
/// </summary>
public static class UpstreamModelCluster
{
    public static SyntheticCluster Create()
    {
        string[] namespaceNames = ["x", "y", "z"];
        var namespaces = namespaceNames.Select(ns => new V1Namespace { Metadata = new V1ObjectMeta { Name = ns, Labels = new Dictionary<string, string> { ["ns"] = ns } } }).ToList();
        var pods = new List<V1Pod>();
        for (var n = 0; n < 3; n++)
        {
            foreach (var (name, p) in new[] { ("a", 1), ("b", 2), ("c", 3) })
            {
                var ip = $"10.{n + 1}.0.{p}";
                pods.Add(new V1Pod
                {
                    Metadata = new V1ObjectMeta { NamespaceProperty = namespaceNames[n], Name = name, Labels = new Dictionary<string, string> { ["pod"] = name } },
                    Spec = new V1PodSpec
                    {
                        Containers = [.. from port in new[] { 80, 81 }
                                         from protocol in new[] { "TCP", "UDP", "SCTP" }
                                         select new V1Container
                                         {
                                             Name = $"cont-{port}-{protocol.ToLowerInvariant()}",
                                             Ports = [new V1ContainerPort { Name = $"serve-{port}-{protocol.ToLowerInvariant()}", ContainerPort = port, Protocol = protocol }],
                                         }],
                    },
                    Status = new V1PodStatus { PodIP = ip, PodIPs = [new V1PodIP { Ip = ip }] },
                });
            }
        }

        var policies = new List<V1NetworkPolicy>
        {
            Policy("x", "deny-ingress", new V1NetworkPolicySpec { PodSelector = new V1LabelSelector(), PolicyTypes = ["Ingress"] }),
            Policy("x", "allow-y-a", new V1NetworkPolicySpec
            {
                PodSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["pod"] = "a" } },
                Ingress = [new V1NetworkPolicyIngressRule
                {
                    FromProperty = [new V1NetworkPolicyPeer
                    {
                        NamespaceSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = "y" } },
                        PodSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["pod"] = "a" } },
                    }],
                }],
            }),
            Policy("y", "named-port", new V1NetworkPolicySpec
            {
                PodSelector = new V1LabelSelector(),
                Ingress = [new V1NetworkPolicyIngressRule { Ports = [new V1NetworkPolicyPort { Port = "serve-81-tcp" }] }],
            }),
            Policy("z", "egress-cidr", new V1NetworkPolicySpec
            {
                PodSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["pod"] = "a" } },
                PolicyTypes = ["Egress"],
                Egress = [new V1NetworkPolicyEgressRule { To = [new V1NetworkPolicyPeer { IpBlock = new V1IPBlock { Cidr = "10.0.0.0/8", Except = ["10.2.0.0/16"] } }] }],
            }),
        };
        return new SyntheticCluster(namespaces, pods, policies);
    }

    private static V1NetworkPolicy Policy(string ns, string name, V1NetworkPolicySpec spec) =>
        new() { Metadata = new V1ObjectMeta { NamespaceProperty = ns, Name = name }, Spec = spec };
}
