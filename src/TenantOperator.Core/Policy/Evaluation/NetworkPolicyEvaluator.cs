using k8s.Models;

namespace TenantOperator.Policy.Evaluation;

/// <summary>
/// The NetworkPolicy (networking.k8s.io/v1) evaluator. <see cref="Compile"/> validates and compiles namespaces,
/// pods and policies once into an immutable model; the model then answers "may this source open a connection to
/// that destination on this port" — fast for pod pairs (<see cref="IsAllowed"/>), in bulk
/// (<see cref="ComputeMatrix"/>), or explained (<see cref="Evaluate"/>). Thread-safe once compiled. The semantics,
/// and the choices made where Kubernetes leaves freedom, are in docs/evaluator.md.
/// </summary>
public sealed class NetworkPolicyEvaluator
{
    private readonly CompiledCluster _cluster;
    private readonly CompiledPod[] _pods;
    private readonly VerdictExplainer _explainer;

    private NetworkPolicyEvaluator(CompiledCluster cluster)
    {
        _cluster = cluster;
        _pods = cluster.Pods;
        _explainer = new VerdictExplainer(cluster);
        Pods = [.. cluster.Pods.Select(p => p.Info)];
        Policies = [.. cluster.Policies.Select(p => p.Ref)];
    }

    /// <summary>The namespaces, by name, including those assumed because a pod or policy named them (<see cref="EvaluatedNamespace.Implicit"/>).</summary>
    public IReadOnlyList<EvaluatedNamespace> Namespaces => _cluster.Namespaces;

    /// <summary>The pods, ordered by namespace then name; a pod's position is its <see cref="PodInfo.Index"/>.</summary>
    public IReadOnlyList<PodInfo> Pods { get; }

    /// <summary>The policies, ordered by namespace then name.</summary>
    public IReadOnlyList<PolicyRef> Policies { get; }

    /// <summary>
    /// Validates and compiles the input. The order of the input does not matter.
    /// </summary>
    /// <exception cref="InvalidClusterObjectException">
    /// An object is malformed (no name or namespace, an invalid selector, CIDR, port or protocol, a peer with no or
    /// two kinds) or duplicated; the message names the kind, the object, the field and the value.
    /// </exception>
    public static NetworkPolicyEvaluator Compile(IEnumerable<V1Namespace> namespaces, IEnumerable<V1Pod> pods, IEnumerable<V1NetworkPolicy> policies) =>
        new(ClusterCompiler.Compile(namespaces, pods, policies));

    /// <summary>The index of pod <paramref name="namespaceName"/>/<paramref name="podName"/>, or false when the input has no such pod.</summary>
    public bool TryGetPodIndex(string namespaceName, string podName, out int index) =>
        _cluster.PodIndexes.TryGetValue($"{namespaceName}/{podName}", out index);

    /// <summary>The index of pod <paramref name="namespaceName"/>/<paramref name="podName"/>.</summary>
    /// <exception cref="KeyNotFoundException">The input has no such pod.</exception>
    public int GetPodIndex(string namespaceName, string podName) =>
        TryGetPodIndex(namespaceName, podName, out var index) ? index : throw new KeyNotFoundException($"no pod {namespaceName}/{podName} in the input");

    /// <summary>
    /// May pod <paramref name="source"/> open a connection to pod <paramref name="destination"/> on
    /// <paramref name="port"/>? The fast path: no allocation, a few bit tests per rule that governs either pod.
    /// </summary>
    public bool IsAllowed(int source, int destination, ProtocolPort port)
    {
        if (source == destination)
        {
            return true;
        }

        var from = _pods[source];
        var to = _pods[destination];
        var families = from.Families & to.Families;
        if (families == AddressFamilies.None)
        {
            return false;
        }

        families = VerdictRules.Egress(from, to, port, families);
        return families != AddressFamilies.None && VerdictRules.Ingress(from, to, port, families) != AddressFamilies.None;
    }

    /// <summary>
    /// The explained verdict for any source and destination (pods or addresses): which policies isolate each side,
    /// which rule allows it, or that none does, and notes such as "pod has no IP: ipBlock peers cannot match it".
    /// </summary>
    /// <exception cref="ArgumentException">A named pod is not in the input, or an address belongs to several pods.</exception>
    public ConnectionVerdict Evaluate(Endpoint source, Endpoint destination, ProtocolPort port)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        return _explainer.Explain(source, destination, port);
    }

    /// <summary>Every pod-to-pod verdict for <paramref name="ports"/>, computed in bulk.</summary>
    public ConnectivityMatrix ComputeMatrix(IReadOnlyList<ProtocolPort> ports)
    {
        ArgumentNullException.ThrowIfNull(ports);
        return new MatrixBuilder(_cluster).Build(ports);
    }

    /// <summary>The policies that isolate pod <paramref name="pod"/> for <paramref name="direction"/> (empty: not isolated).</summary>
    public IReadOnlyList<PolicyRef> IsolatingPolicies(int pod, TrafficDirection direction) =>
        [.. _pods[pod].Policies(direction).Select(p => p.Ref)];
}
