using k8s.Models;
using TenantOperator.Policy.Audit;
using TenantOperator.Policy.Evaluation;
using TenantOperator.Policy.Planning;
using TenantOperator.TestSupport;
using static TenantOperator.Core.Tests.Policy.Planning.PlannerFixture;

namespace TenantOperator.Core.Tests.Policy.Isolation;

/// <summary>
/// What the membership definition in the intra-tenant policy and in <c>tenant:</c> peers lets through, pinned on
/// hand-built clusters and read by the evaluator, the auditor and breach analysis: the namespaces the selector matches
/// but the tenant does not get stay outside, and a namespace labelled in or out is reached, or not, by the policies
/// already in place in the other members, before the operator has written anything for it.
/// </summary>
public class MembershipDefinitionIsolationTests
{
    private static readonly ProtocolPort Http = ProtocolPort.Tcp(8080);

    private static V1Pod Pod(string ns, string ip) => new()
    {
        Metadata = new V1ObjectMeta { Name = "app", NamespaceProperty = ns, Labels = new Dictionary<string, string> { ["app"] = "web" } },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "main", Ports = [new V1ContainerPort { ContainerPort = 8080 }] }] },
        Status = new V1PodStatus { Phase = "Running", PodIP = ip, PodIPs = [new V1PodIP { Ip = ip }] },
    };

    /// <summary>The evaluator over <paramref name="namespaces"/> (one pod each) and the given policies.</summary>
    private static NetworkPolicyEvaluator Evaluate(IReadOnlyList<NamespaceInfo> namespaces, IEnumerable<V1NetworkPolicy> policies) =>
        NetworkPolicyEvaluator.Compile(namespaces.Select(n => KubernetesObjects.Namespace(n.Name, n.Labels)), namespaces.Select((n, i) => Pod(n.Name, $"10.0.{i}.1")), policies);

    private static ConnectionVerdict Verdict(NetworkPolicyEvaluator evaluator, string from, string to) =>
        evaluator.Evaluate(Endpoint.Pod(from, "app"), Endpoint.Pod(to, "app"), Http);

    [Theory]
    [InlineData("a-sandbox", "exempt")]
    [InlineData("kube-system", "protected")]
    [InlineData("shared", "claimed by the older tenant")]
    public void NamespaceTheSelectorMatchesButTheTenantDoesNotGet_StaysOutsideItsPeers(string outsider, string why)
    {
        NamespaceInfo[] namespaces = [Ns("a-1", "team=a"), Ns("a-sandbox", "team=a"), Ns("kube-system", "team=a"), Ns("shared", "team=a")];
        var plan = Plan(
            [
                Tenant("older", "namespaces: [shared]", createdDay: 1),
                Tenant("a", "namespaceSelector: {matchLabels: {team: a}}\nexemptNamespaces: [{name: a-sandbox, reason: tests}]", createdDay: 2),
                Tenant("client", "namespaces: [client]\negress: [{name: to-a, to: [{tenant: a}]}]", createdDay: 3),
            ],
            [.. namespaces, Ns("client")]);
        var evaluator = Evaluate([.. namespaces, Ns("client")], plan.Tenants.SelectMany(t => t.Policies));

        Assert.False(Verdict(evaluator, "a-1", outsider).Egress.Allowed, $"a member reaches {outsider} ({why})");
        Assert.False(Verdict(evaluator, outsider, "a-1").Ingress.Allowed, $"{outsider} ({why}) reaches a member");
        Assert.False(Verdict(evaluator, "client", outsider).Egress.Allowed, $"a tenant: peer reaches {outsider} ({why})");
        Assert.True(Verdict(evaluator, "a-1", "a-1").Allowed);
        Assert.True(Verdict(evaluator, "client", "a-1").Egress.Allowed);
    }

    [Fact]
    public void NamespaceLabelledIntoATenant_IsReachedByItsMembersAtOnce_ThroughThePoliciesAlreadyInPlace()
    {
        var tenants = new[]
        {
            Tenant("a", "namespaceSelector: {matchLabels: {team: a}}"),
            Tenant("client", "namespaces: [client]\negress: [{name: to-a, to: [{tenant: a}]}]"),
        };
        var inPlace = Plan(tenants, [Ns("a-1", "team=a"), Ns("a-2", "team=a"), Ns("client"), Ns("newcomer")]).Tenants.SelectMany(t => t.Policies).ToList();

        // The operator has not written anything for the newcomer yet: only its labels changed.
        var evaluator = Evaluate([Ns("a-1", "team=a"), Ns("a-2", "team=a"), Ns("client"), Ns("newcomer", "team=a")], inPlace);

        Assert.True(Verdict(evaluator, "a-1", "newcomer").Allowed);
        Assert.True(Verdict(evaluator, "newcomer", "a-2").Allowed);
        Assert.True(Verdict(evaluator, "client", "newcomer").Egress.Allowed);
    }

    [Fact]
    public void NamespaceLabelledOutOfATenant_IsNoLongerReached_EvenBeforeItsPoliciesAreRemoved()
    {
        var tenants = new[]
        {
            Tenant("a", "namespaceSelector: {matchLabels: {team: a}}"),
            Tenant("client", "namespaces: [client]\negress: [{name: to-a, to: [{tenant: a}]}]"),
        };
        var inPlace = Plan(tenants, [Ns("a-1", "team=a"), Ns("a-2", "team=a"), Ns("client")]).Tenants.SelectMany(t => t.Policies).ToList();

        var evaluator = Evaluate([Ns("a-1", "team=a"), Ns("a-2", "team=b"), Ns("client")], inPlace);

        Assert.False(Verdict(evaluator, "a-1", "a-2").Egress.Allowed);
        Assert.False(Verdict(evaluator, "a-2", "a-1").Ingress.Allowed);
        Assert.False(Verdict(evaluator, "client", "a-2").Egress.Allowed);
        Assert.True(Verdict(evaluator, "client", "a-1").Egress.Allowed);
    }

    [Fact]
    public void TheAuditor_ReadsTheNewPeers_AsTheEvaluatorDoes()
    {
        // A hand-written policy in a-1 admitting every team=a namespace: the exempt a-sandbox is outside the tenant, so
        // that is a breach; the member a-2 and the terminating a-old (inside the definition while it shuts down) are not.
        NamespaceInfo[] namespaces = [Ns("a-1", "team=a"), Ns("a-2", "team=a"), Ns("a-sandbox", "team=a"), Ns("a-old", "team=a", terminating: true)];
        var tenant = Tenant("a", "namespaceSelector: {matchLabels: {team: a}}\nexemptNamespaces: [{name: a-sandbox, reason: tests}]");
        var handWritten = new V1NetworkPolicy
        {
            Metadata = new V1ObjectMeta { Name = "team-a-open", NamespaceProperty = "a-1" },
            Spec = new V1NetworkPolicySpec
            {
                PodSelector = new V1LabelSelector(),
                Ingress = [new V1NetworkPolicyIngressRule { FromProperty = [new V1NetworkPolicyPeer { NamespaceSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["team"] = "a" } } }] }],
            },
        };
        var plan = Plan([tenant], namespaces);
        var policies = plan.Tenants.SelectMany(t => t.Policies).Append(handWritten).ToList();

        var breaches = new PolicyBreachFinder().Find(new BreachQuery(plan.Find("a")!, plan, namespaces, policies));
        Assert.Equal("allows from namespaces outside the tenant: a-sandbox (tenant a) on any port (rule 0)", breaches.Single().Detail);

        var report = TenantAuditor.Audit(new AuditInput
        {
            Namespaces = [.. namespaces.Select(n => KubernetesObjects.Namespace(n.Name, n.Labels, n.Terminating))],
            Pods = [.. namespaces.Select((n, i) => Pod(n.Name, $"10.0.{i}.1"))],
            Policies = policies,
            Tenants = [tenant],
        });
        Assert.Equal(["a-sandbox/app -> a-1/app 8080/TCP"], report.Breaches.Select(b => $"{b.From} -> {b.To} {b.Port}"));
    }
}
