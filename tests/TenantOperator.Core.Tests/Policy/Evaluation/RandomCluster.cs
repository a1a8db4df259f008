using System.Text;
using k8s;
using k8s.Models;
using TenantOperator.Api;
using TenantOperator.Policy.Evaluation;

namespace TenantOperator.Core.Tests.Policy.Evaluation;

/// <summary>A generated cluster for the property tests, printable as YAML when a property fails.</summary>
internal sealed record RandomCluster(IReadOnlyList<V1Namespace> Namespaces, IReadOnlyList<V1Pod> Pods, IReadOnlyList<V1NetworkPolicy> Policies)
{
    /// <summary>The ports every property probes: numbers the generated rules and container ports use, over each protocol.</summary>
    public static readonly ProtocolPort[] ProbePorts =
        [ProtocolPort.Udp(53), ProtocolPort.Tcp(53), ProtocolPort.Tcp(80), ProtocolPort.Tcp(443), ProtocolPort.Tcp(8080), ProtocolPort.Sctp(80), ProtocolPort.Udp(443)];

    public NetworkPolicyEvaluator Compile() => NetworkPolicyEvaluator.Compile(Namespaces, Pods, Policies);

    public RandomCluster WithPolicies(IEnumerable<V1NetworkPolicy> policies) => this with { Policies = [.. policies] };

    public static V1NetworkPolicy Copy(V1NetworkPolicy policy) => ModelCopy.Of(policy);

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var item in Namespaces.Cast<object>().Concat(Pods).Concat(Policies))
        {
            text.AppendLine("---").Append(KubernetesYaml.Serialize(item));
        }

        return text.ToString();
    }
}
