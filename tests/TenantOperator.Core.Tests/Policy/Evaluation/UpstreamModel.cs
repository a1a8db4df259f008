using k8s;
using k8s.Models;

namespace TenantOperator.Core.Tests.Policy.Evaluation;

/// <summary>
/// The cluster of the upstream NetworkPolicy e2e tests, described in our own terms: namespaces x, y, z (labelled
/// <c>ns: NAME</c>), each with pods a, b, c (labelled <c>pod: NAME</c>); every pod serves 80 and 81 over TCP, UDP
/// and SCTP with container ports named <c>serve-80-tcp</c>, <c>serve-81-udp</c>, ... Pod x/a has address 10.1.0.1,
/// y/b 10.2.0.2 and so on (namespace number, pod number). Policies and labels change as a test's steps say.
/// </summary>
internal sealed class UpstreamModel
{
    public static readonly string[] NamespaceNames = ["x", "y", "z"];
    public static readonly string[] PodNames = ["a", "b", "c"];
    public static readonly IReadOnlyList<string> AllPods = [.. NamespaceNames.SelectMany(ns => PodNames.Select(pod => $"{ns}/{pod}"))];

    private readonly Dictionary<string, Dictionary<string, string>> _namespaceLabels = NamespaceNames.ToDictionary(
        ns => ns, ns => new Dictionary<string, string> { ["ns"] = ns });

    private readonly Dictionary<string, Dictionary<string, string>> _podLabels = AllPods.ToDictionary(
        pod => pod, pod => new Dictionary<string, string> { ["pod"] = pod.Split('/')[1] });

    private readonly SortedDictionary<string, V1NetworkPolicy> _policies = new(StringComparer.Ordinal);

    public static string AddressOf(string pod)
    {
        var (ns, name) = (pod.Split('/')[0], pod.Split('/')[1]);
        return $"10.{Array.IndexOf(NamespaceNames, ns) + 1}.0.{Array.IndexOf(PodNames, name) + 1}";
    }

    /// <summary>Creates or replaces (by namespace and name) the NetworkPolicies in <paramref name="yaml"/>.</summary>
    public void Apply(string yaml)
    {
        foreach (var policy in ParsePolicies(yaml))
        {
            _policies[$"{policy.Metadata.NamespaceProperty}/{policy.Metadata.Name}"] = policy;
        }
    }

    public void DeleteAllPolicies() => _policies.Clear();

    public void LabelNamespace(string ns, string key, string value) => _namespaceLabels[ns][key] = value;

    public void LabelPod(string pod, string key, string value) => _podLabels[pod][key] = value;

    public IEnumerable<V1Namespace> Namespaces() => NamespaceNames.Select(ns => new V1Namespace
    {
        Metadata = new V1ObjectMeta { Name = ns, Labels = new Dictionary<string, string>(_namespaceLabels[ns]) },
    });

    public IEnumerable<V1Pod> Pods() => AllPods.Select(pod => new V1Pod
    {
        Metadata = new V1ObjectMeta
        {
            NamespaceProperty = pod.Split('/')[0],
            Name = pod.Split('/')[1],
            Labels = new Dictionary<string, string>(_podLabels[pod]),
        },
        Spec = new V1PodSpec { Containers = [.. Containers()] },
        Status = new V1PodStatus { PodIP = AddressOf(pod), PodIPs = [new V1PodIP { Ip = AddressOf(pod) }] },
    });

    public IEnumerable<V1NetworkPolicy> Policies() => _policies.Values;

    public static IReadOnlyList<V1NetworkPolicy> ParsePolicies(string yaml) =>
        [.. KubernetesYaml.LoadAllFromString(yaml).Cast<V1NetworkPolicy>()];

    private static IEnumerable<V1Container> Containers()
    {
        foreach (var port in new[] { 80, 81 })
        {
            foreach (var protocol in new[] { "TCP", "UDP", "SCTP" })
            {
                var suffix = $"{port}-{protocol.ToLowerInvariant()}";
                yield return new V1Container
                {
                    Name = $"cont-{suffix}",
                    Image = "registry.k8s.io/e2e-test-images/agnhost:2.53",
                    Ports = [new V1ContainerPort { Name = $"serve-{suffix}", ContainerPort = port, Protocol = protocol }],
                };
            }
        }
    }
}
