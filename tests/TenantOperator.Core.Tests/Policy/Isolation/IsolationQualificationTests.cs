using k8s.Models;
using TenantOperator.Policy.Evaluation;
using TenantOperator.Policy.Planning;
using TenantOperator.TestSupport;
using static TenantOperator.Core.Tests.Policy.Planning.PlannerFixture;

namespace TenantOperator.Core.Tests.Policy.Isolation;

/// <summary>
/// The places where a §3 property holds only with a qualification, pinned one by one (docs/audit.md explains them):
/// NetworkPolicy does not govern host-network pods, and the DNS rule opens the tenant's egress only.
/// </summary>
public class IsolationQualificationTests
{
    private static V1Pod Pod(string ns, string name, string ip, bool hostNetwork = false, string node = "node-1", Dictionary<string, string>? labels = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Labels = labels ?? new Dictionary<string, string> { ["app"] = name } },
        Spec = new V1PodSpec { HostNetwork = hostNetwork, NodeName = node, Containers = [new V1Container { Name = "main" }] },
        Status = new V1PodStatus { PodIP = ip, PodIPs = [new V1PodIP { Ip = ip }] },
    };

    private static NetworkPolicyEvaluator Evaluate(ClusterPlan plan, IEnumerable<NamespaceInfo> namespaces, params V1Pod[] pods) =>
        NetworkPolicyEvaluator.Compile(
            namespaces.Select(n => KubernetesObjects.Namespace(n.Name, n.Labels)),
            pods,
            plan.Tenants.SelectMany(t => t.Policies));

    [Fact]
    public void HostNetworkPodInATenantNamespace_IsOutsideTheIntraTenantGuarantee()
    {
        NamespaceInfo[] namespaces = [Ns("a-1"), Ns("a-2")];
        var plan = Plan([Tenant("a", "namespaces: [a-1, a-2]")], namespaces);
        var evaluator = Evaluate(plan, namespaces,
            Pod("a-1", "web", "10.0.1.1"), Pod("a-2", "agent", "192.168.0.9", hostNetwork: true, node: "node-2"));

        // The intra-tenant peer is a namespaceSelector, and selector peers never match a host-network pod: the
        // member's egress to it is denied, although it is in a member namespace. Its own side is not isolated at all.
        var verdict = evaluator.Evaluate(Endpoint.Pod("a-1", "web"), Endpoint.Pod("a-2", "agent"), ProtocolPort.Tcp(80));
        Assert.False(verdict.Allowed);
        Assert.Equal(DirectionOutcome.NoRuleAllows, verdict.Egress.Outcome);
        Assert.Equal(DirectionOutcome.HostNetwork, verdict.Ingress.Outcome);
        Assert.True(evaluator.Evaluate(Endpoint.Pod("a-2", "agent"), Endpoint.Pod("a-1", "web"), ProtocolPort.Tcp(80)).Egress.Allowed);
    }

    [Fact]
    public void DnsNamespaceOwnedByAnotherTenant_AdmitsOnlyWhatThatTenantDeclares()
    {
        NamespaceInfo[] namespaces = [Ns("a-1"), Ns("dns")];
        var resolver = new Dictionary<string, string> { ["app"] = "resolver" };
        var plan = Plan(
            [
                Tenant("a", "namespaces: [a-1]\ndns: {namespace: dns, podSelector: {matchLabels: {app: resolver}}}"),
                Tenant("infra", "namespaces: [dns]"),
            ],
            namespaces);
        var evaluator = Evaluate(plan, namespaces, Pod("a-1", "web", "10.0.1.1"), Pod("dns", "resolver", "10.0.2.1", labels: resolver));

        // Tenant a's DNS rule opens its egress; tenant infra isolates the resolver and declares no ingress from a.
        var verdict = evaluator.Evaluate(Endpoint.Pod("a-1", "web"), Endpoint.Pod("dns", "resolver"), ProtocolPort.Udp(53));
        Assert.True(verdict.Egress.Allowed);
        Assert.False(verdict.Ingress.Allowed);
        Assert.False(verdict.Allowed);
    }
}
