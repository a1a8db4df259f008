using System.Text;
using k8s;
using k8s.Models;
using TenantOperator.Api;
using TenantOperator.Policy.Evaluation;
using TenantOperator.Policy.Planning;

namespace TenantOperator.Core.Tests.Policy.Isolation;

/// <summary>
/// A generated multi-tenant cluster for the isolation properties: TenantIsolations, namespaces (regular ones with
/// random labels, kube-system with the DNS pods, a custom DNS namespace, the operator's protected namespace, copies of
/// regular namespaces) and pods. Printed as YAML when a property fails.
/// </summary>
internal sealed record TenantCluster(
    IReadOnlyList<TenantIsolation> Tenants,
    IReadOnlyList<V1Namespace> Namespaces,
    IReadOnlyList<V1Pod> Pods,
    IReadOnlyDictionary<string, string> CopyOf)
{
    /// <summary>The operator's own namespace, protected through the planner options.</summary>
    public const string OperatorNamespace = "operator-system";

    /// <summary>The custom DNS namespace some tenants point <c>spec.dns.namespace</c> at.</summary>
    public const string CustomDnsNamespace = "dns-custom";

    /// <summary>
    /// Every port the properties probe: the numbers the generated rules and container ports use, the ports just
    /// outside the generated ranges (444, 8081 is inside 8080-8081), and each protocol.
    /// </summary>
    public static readonly ProtocolPort[] ProbePorts =
    [
        ProtocolPort.Udp(53), ProtocolPort.Tcp(53), ProtocolPort.Tcp(80), ProtocolPort.Tcp(443), ProtocolPort.Tcp(444),
        ProtocolPort.Tcp(5432), ProtocolPort.Tcp(8080), ProtocolPort.Tcp(8081), ProtocolPort.Udp(80), ProtocolPort.Sctp(5432),
    ];

    public static PlannerOptions Options { get; } = PlannerOptions.WithProtected([OperatorNamespace]);

    public ClusterPlan Plan() =>
        ClusterPlanner.Plan(new PlannerInput(Tenants, [.. Namespaces.Select(TenantOperator.Policy.Planning.NamespaceInfo.From)], Options));

    public static IReadOnlyList<V1NetworkPolicy> PoliciesOf(ClusterPlan plan) => [.. plan.Tenants.SelectMany(t => t.Policies)];

    public NetworkPolicyEvaluator Evaluate(IEnumerable<V1NetworkPolicy> policies) => NetworkPolicyEvaluator.Compile(Namespaces, Pods, policies);

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var item in Tenants.Cast<object>().Concat(Namespaces).Concat(Pods))
        {
            text.AppendLine("---").AppendLine(KubernetesYaml.Serialize(item).TrimEnd('\n'));
        }

        return text.ToString();
    }
}
