using k8s;
using k8s.Models;
using TenantOperator.Policy.Evaluation;
using TenantOperator.TestSupport;

namespace TenantOperator.Core.Tests.Policy.Evaluation;

/// <summary>
/// Arranges a small cluster for a test in the terms a user writes: namespaces and pods by <c>ns/name</c> with
/// <c>key=value</c> labels and <c>name:port/PROTOCOL</c> container ports, and policies as YAML.
/// </summary>
internal sealed class TestCluster
{
    private readonly List<V1Namespace> _namespaces = [];
    private readonly List<V1Pod> _pods = [];
    private readonly List<V1NetworkPolicy> _policies = [];
    private NetworkPolicyEvaluator? _evaluator;

    public TestCluster Namespace(string name, string labels = "")
    {
        _namespaces.Add(KubernetesObjects.Namespace(name, KubernetesObjects.Labels(labels)));
        return Changed();
    }

    /// <summary>A pod <paramref name="pod"/> (<c>ns/name</c>); <paramref name="ips"/> is a comma-separated list (empty: no IP yet).</summary>
    public TestCluster Pod(string pod, string labels = "", string ips = "", string ports = "", bool hostNetwork = false, string? node = null)
    {
        var addresses = ips.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        _pods.Add(new V1Pod
        {
            Metadata = new V1ObjectMeta { NamespaceProperty = pod.Split('/')[0], Name = pod.Split('/')[1], Labels = KubernetesObjects.Labels(labels) },
            Spec = new V1PodSpec
            {
                HostNetwork = hostNetwork ? true : null,
                NodeName = node,
                Containers = [new V1Container { Name = "main", Ports = [.. ContainerPorts(ports)] }],
            },
            Status = new V1PodStatus
            {
                PodIP = addresses.FirstOrDefault(),
                PodIPs = [.. addresses.Select(a => new V1PodIP { Ip = a })],
            },
        });
        return Changed();
    }

    /// <summary>Adds a NetworkPolicy written in YAML (apiVersion and kind may be left out).</summary>
    public TestCluster Policy(string yaml)
    {
        _policies.Add(KubernetesYaml.Deserialize<V1NetworkPolicy>(yaml));
        return Changed();
    }

    public IReadOnlyList<V1Namespace> Namespaces => _namespaces;

    public IReadOnlyList<V1Pod> Pods => _pods;

    public IReadOnlyList<V1NetworkPolicy> Policies => _policies;

    public NetworkPolicyEvaluator Evaluator => _evaluator ??= NetworkPolicyEvaluator.Compile(_namespaces, _pods, _policies);

    /// <summary>
    /// The explained verdict for <paramref name="from"/> → <paramref name="to"/> (each <c>ns/pod</c> or an address),
    /// after checking that the fast path and the matrix agree with it whenever both ends are pods.
    /// </summary>
    public ConnectionVerdict Verdict(string from, string to, string port)
    {
        var protocolPort = ProtocolPort.Parse(port);
        var (source, destination) = (Endpoint.Parse(from), Endpoint.Parse(to));
        var verdict = Evaluator.Evaluate(source, destination, protocolPort);
        if (source.IsPod && destination.IsPod)
        {
            var sourceIndex = Evaluator.GetPodIndex(source.PodNamespace!, source.PodName!);
            var destinationIndex = Evaluator.GetPodIndex(destination.PodNamespace!, destination.PodName!);
            Assert.True(verdict.Allowed == Evaluator.IsAllowed(sourceIndex, destinationIndex, protocolPort), $"fast path disagrees with:\n{verdict}");
            Assert.True(verdict.Allowed == Evaluator.ComputeMatrix([protocolPort]).IsAllowed(sourceIndex, destinationIndex, 0), $"matrix disagrees with:\n{verdict}");
        }

        return verdict;
    }

    public bool Allowed(string from, string to, string port) => Verdict(from, to, port).Allowed;

    private TestCluster Changed()
    {
        _evaluator = null;
        return this;
    }

    private static IEnumerable<V1ContainerPort> ContainerPorts(string ports)
    {
        foreach (var spec in ports.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = spec.IndexOf(':', StringComparison.Ordinal);
            var name = colon < 0 ? null : spec[..colon];
            var port = ProtocolPort.Parse(colon < 0 ? spec : spec[(colon + 1)..]);
            yield return new V1ContainerPort { Name = name, ContainerPort = port.Port, Protocol = port.Protocol.ToKubernetesName() };
        }
    }
}
