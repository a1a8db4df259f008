using k8s;
using k8s.Models;
using TenantOperator.Api;

namespace TenantOperator.Core.Tests.Policy.Isolation;

/// <summary>
/// Hand-built clusters that the isolation and audit properties check before their generated ones, so every situation
/// a property counts as exercised is there by construction, whatever the seeds draw: traffic across tenants that both
/// sides declare (and ports they do not), a DNS lookup, an exempt, a protected and a claimed namespace that a selector
/// matches, a copy of a namespace that a peer names, a namespace to label into a tenant and one to label out, and two
/// hand-written policies that open the same side of the boundary.
/// </summary>
internal static class ExampleClusters
{
    /// <summary>
    /// Two tenants that declare TCP 80 to each other both ways, by <c>tenant:</c> and by <c>namespaces:</c>; t1's
    /// selector matches ns-2 (exempt), ns-3 (named by the older t0, so claimed by it) and operator-system (protected);
    /// copy-ns-1 carries ns-1's labels and a forged name label, so only the name-based grants tell them apart, and
    /// no tenant has it, so labelling it team=red brings it into t0 (labelling ns-0 out of t0 leaves t0 with ns-3).
    /// </summary>
    private const string TwoTenants = """
        apiVersion: isolation.tenantoperator.io/v1alpha1
        kind: TenantIsolation
        metadata: {name: t0, creationTimestamp: "2026-01-01T00:00:00Z"}
        spec:
          namespaceSelector: {matchLabels: {team: red}}
          namespaces: [ns-3]
          ingress:
          - name: from-named
            from: [{namespaces: [ns-1]}]
            ports: [{protocol: TCP, port: 80}]
          egress:
          - name: to-t1
            to: [{tenant: t1}]
            ports: [{protocol: TCP, port: 80}]
        ---
        apiVersion: isolation.tenantoperator.io/v1alpha1
        kind: TenantIsolation
        metadata: {name: t1, creationTimestamp: "2026-01-02T00:00:00Z"}
        spec:
          namespaceSelector: {matchLabels: {team: blue}}
          namespaces: [ns-1]
          exemptNamespaces: [{name: ns-2, reason: generated}]
          ingress:
          - name: from-t0
            from: [{tenant: t0}]
            ports: [{protocol: TCP, port: 80}]
          egress:
          - name: to-named
            to: [{namespaces: [ns-0]}]
            ports: [{protocol: TCP, port: 80}]
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: ns-0, labels: {team: red}}
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: ns-1}
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: ns-2, labels: {team: blue}}
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: ns-3, labels: {team: blue}}
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: copy-ns-1, labels: {kubernetes.io/metadata.name: ns-1}}
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: kube-system}
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: operator-system, labels: {team: blue}}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: p0, namespace: ns-0, labels: {app: web}}
        spec: {containers: [{name: main, ports: [{name: http, containerPort: 80, protocol: TCP}]}]}
        status: {phase: Running, podIP: 10.0.0.1, podIPs: [{ip: 10.0.0.1}]}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: p0, namespace: ns-1, labels: {app: web}}
        spec: {containers: [{name: main, ports: [{name: http, containerPort: 80, protocol: TCP}]}]}
        status: {phase: Running, podIP: 10.1.0.1, podIPs: [{ip: 10.1.0.1}]}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: p0, namespace: ns-3, labels: {app: web}}
        spec: {containers: [{name: main, ports: [{name: http, containerPort: 80, protocol: TCP}]}]}
        status: {phase: Running, podIP: 10.3.0.1, podIPs: [{ip: 10.3.0.1}]}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: p0, namespace: copy-ns-1, labels: {app: web}}
        spec: {containers: [{name: main, ports: [{name: http, containerPort: 80, protocol: TCP}]}]}
        status: {phase: Running, podIP: 10.50.0.1, podIPs: [{ip: 10.50.0.1}]}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: p0, namespace: ns-2, labels: {app: web}}
        spec: {containers: [{name: main, ports: [{name: http, containerPort: 80, protocol: TCP}]}]}
        status: {phase: Running, podIP: 10.2.0.1, podIPs: [{ip: 10.2.0.1}]}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: coredns-0, namespace: kube-system, labels: {k8s-app: kube-dns}}
        spec: {containers: [{name: main, ports: [{name: dns, containerPort: 53, protocol: UDP}, {name: dns-tcp, containerPort: 53, protocol: TCP}]}]}
        status: {phase: Running, podIP: 10.200.0.1, podIPs: [{ip: 10.200.0.1}]}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: operator-0, namespace: operator-system, labels: {app: api}}
        spec: {containers: [{name: main, ports: [{name: http, containerPort: 8080}]}]}
        status: {phase: Running, podIP: 10.202.0.1, podIPs: [{ip: 10.202.0.1}]}
        """;

    /// <summary>The hand-built clusters, new objects on every call (properties may change what they are given).</summary>
    public static IReadOnlyList<TenantCluster> Clusters() => [Parse(TwoTenants, copyOf: new() { ["copy-ns-1"] = "ns-1" })];

    /// <summary>
    /// Each hand-built cluster with two hand-written policies in ns-0 (namespace <c>#0</c>, as
    /// <see cref="TenantClusterGen.Place"/> resolves it) that both admit ns-2's exempt pods: one from every namespace, one
    /// from team=blue namespaces. Both open the same side of the same breaches.
    /// </summary>
    public static IReadOnlyList<(TenantCluster Cluster, V1NetworkPolicy First, V1NetworkPolicy Second)> WithOpenings() =>
        [.. Clusters().Select(c => (c, HandWritten("{}"), HandWritten("{matchLabels: {team: blue}}")))];

    private static V1NetworkPolicy HandWritten(string namespaceSelector) => KubernetesYaml.Deserialize<V1NetworkPolicy>($$"""
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: hand-written, namespace: "#0"}
        spec:
          podSelector: {}
          ingress: [{from: [{namespaceSelector: {{namespaceSelector}}}]}]
        """, strict: true);

    private static TenantCluster Parse(string yaml, Dictionary<string, string> copyOf)
    {
        var tenants = new List<TenantIsolation>();
        var namespaces = new List<V1Namespace>();
        var pods = new List<V1Pod>();
        foreach (var document in yaml.Split("\n---\n"))
        {
            var kind = KubernetesYaml.Deserialize<KubernetesObject>(document).Kind;
            switch (kind)
            {
                case "TenantIsolation":
                    tenants.Add(KubernetesYaml.Deserialize<TenantIsolation>(document, strict: true));
                    break;
                case "Namespace":
                    namespaces.Add(KubernetesYaml.Deserialize<V1Namespace>(document, strict: true));
                    break;
                case "Pod":
                    pods.Add(KubernetesYaml.Deserialize<V1Pod>(document, strict: true));
                    break;
                default:
                    throw new InvalidOperationException($"an example cluster holds a {kind}");
            }
        }

        return new TenantCluster(tenants, namespaces, pods, copyOf);
    }
}
