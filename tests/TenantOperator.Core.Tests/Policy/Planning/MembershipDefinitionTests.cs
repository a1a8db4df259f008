using k8s;
using k8s.Models;
using TenantOperator.Api;
using TenantOperator.Policy.Planning;
using static TenantOperator.Core.Tests.Policy.Planning.PlannerFixture;

namespace TenantOperator.Core.Tests.Policy.Planning;

/// <summary>
/// How a tenant's membership appears inside policies (docs/design.md, "Membership inside policies"):
/// its namespaceSelector with a NotIn for the namespaces it matches but does not get, plus an In for its named
/// members; the intra-tenant policy and every <c>tenant:</c> peer carry it, and a join or leave by labels changes it not.
/// </summary>
public class MembershipDefinitionTests
{
    private const string SelectorA = "namespaceSelector: {matchLabels: {tenant: a}}";

    [Fact]
    public void SelectorWithNothingExcluded_IsTheSelectorAlone_WithNoEmptyNotIn()
    {
        var plan = Plan([Tenant("a", SelectorA)], [Ns("a-1", "tenant=a"), Ns("a-2", "tenant=a")]);

        Assert.Equal("""
            egress:
            - to:
              - namespaceSelector:
                  matchLabels:
                    tenant: a
            ingress:
            - from:
              - namespaceSelector:
                  matchLabels:
                    tenant: a
            podSelector: {}
            policyTypes:
            - Ingress
            - Egress
            """, plan.Find("a")!.Policy("a-1", WellKnown.IntraTenantPolicy).Spec.Yaml());
    }

    [Fact]
    public void NamesOnly_GiveOnlyTheInPeer()
    {
        var plan = Plan([Tenant("a", "namespaces: [a-2, a-1]")], [Ns("a-1", "tenant=a"), Ns("a-2")]);

        Assert.Equal("""
            - namespaceSelector:
                matchExpressions:
                - key: kubernetes.io/metadata.name
                  operator: In
                  values:
                  - a-1
                  - a-2
            """, Yaml(plan.Find("a")!.Policy("a-1", WellKnown.IntraTenantPolicy).Spec.Egress.Single().To));
    }

    [Fact]
    public void SelectorAndNames_GiveTwoPeers_AndExcludeWhatTheSelectorMatchesButTheTenantDoesNotGet()
    {
        var plan = Plan(
            [Tenant("a", $"{SelectorA}\nnamespaces: [legacy, kube-public]\nexemptNamespaces: [{{name: a-sandbox, reason: load test}}]")],
            [Ns("a-1", "tenant=a"), Ns("a-sandbox", "tenant=a"), Ns("kube-system", "tenant=a"), Ns("legacy"), Ns("kube-public")]);
        var tenant = plan.Find("a")!;

        Assert.Equal(["a-1", "legacy"], tenant.Members);
        Assert.Equal("""
            - namespaceSelector:
                matchExpressions:
                - key: kubernetes.io/metadata.name
                  operator: NotIn
                  values:
                  - a-sandbox
                  - kube-system
                matchLabels:
                  tenant: a
            - namespaceSelector:
                matchExpressions:
                - key: kubernetes.io/metadata.name
                  operator: In
                  values:
                  - legacy
            """, Yaml(tenant.Policy("legacy", WellKnown.IntraTenantPolicy).Spec.Ingress.Single().FromProperty));
    }

    [Fact]
    public void SelectorExpressions_AreKept_AndTheNotInIsAddedAfterThem()
    {
        var plan = Plan(
            [Tenant("a", "namespaceSelector: {matchExpressions: [{key: team, operator: In, values: [a]}, {key: env, operator: Exists}]}")],
            [Ns("a-1", "team=a,env=prod"), Ns("kube-system", "team=a,env=prod")]);

        Assert.Equal("""
            - namespaceSelector:
                matchExpressions:
                - key: team
                  operator: In
                  values:
                  - a
                - key: env
                  operator: Exists
                - key: kubernetes.io/metadata.name
                  operator: NotIn
                  values:
                  - kube-system
            """, Yaml(plan.Find("a")!.Policy("a-1", WellKnown.IntraTenantPolicy).Spec.Egress.Single().To));
    }

    [Fact]
    public void NamespaceClaimedByAnOlderTenant_IsExcludedFromTheYoungerOnesDefinition()
    {
        var plan = Plan(
            [Tenant("older", "namespaces: [shared]", createdDay: 1), Tenant("younger", "namespaceSelector: {matchLabels: {team: x}}", createdDay: 2)],
            [Ns("shared", "team=x"), Ns("y-1", "team=x")]);

        Assert.Equal(["shared"], plan.Find("younger")!.Definition.Excluded);
        Assert.Equal(["shared"], plan.Find("older")!.Definition.Named);
        Assert.Null(plan.Find("older")!.Definition.Selector);
    }

    [Fact]
    public void WhenTheOlderTenantsSelectorChanges_TheYoungerOnesExclusionsFollow_AndEachOfItsPoliciesChanges()
    {
        NamespaceInfo[] namespaces = [Ns("x-1", "team=x,env=prod"), Ns("x-2", "team=x,env=dev"), Ns("y-1", "team=x")];
        var younger = Tenant("younger", "namespaceSelector: {matchLabels: {team: x}}", createdDay: 2);
        var before = Plan([Tenant("older", "namespaceSelector: {matchLabels: {env: prod}}", createdDay: 1), younger], namespaces);
        var after = Plan([Tenant("older", "namespaceSelector: {matchLabels: {env: dev}}", createdDay: 1), younger], namespaces);

        Assert.Equal(["x-1"], before.Find("younger")!.Definition.Excluded);
        Assert.Equal(["x-2"], after.Find("younger")!.Definition.Excluded);
        Assert.Equal(["x-2", "y-1"], before.Find("younger")!.Members);
        Assert.Equal(["x-1", "y-1"], after.Find("younger")!.Members);
        Assert.NotEqual(Hash(before, "younger", "y-1", WellKnown.IntraTenantPolicy), Hash(after, "younger", "y-1", WellKnown.IntraTenantPolicy));
    }

    [Fact]
    public void ANamespaceJoiningByItsLabels_ChangesNoPolicyOfTheOtherMembers_NorOfTheTenantsThatNameIt()
    {
        var tenants = new[]
        {
            Tenant("a", SelectorA),
            Tenant("client", "namespaces: [c-1]\negress: [{name: to-a, to: [{tenant: a, podSelector: {matchLabels: {app: db}}}]}]"),
        };
        NamespaceInfo[] namespaces = [Ns("a-1", "tenant=a"), Ns("a-2", "tenant=a"), Ns("c-1")];
        var before = Plan(tenants, namespaces);
        var joined = Plan(tenants, [.. namespaces, Ns("a-3", "tenant=a")]);
        var left = Plan(tenants, [Ns("a-1", "tenant=a"), Ns("a-2"), Ns("c-1")]);

        Assert.Equal(Hashes(before, exceptIn: "a-3"), Hashes(joined, exceptIn: "a-3"));
        Assert.Equal(3, joined.Find("a")!.Policies.Count(p => p.Metadata.NamespaceProperty == "a-3"));
        Assert.Equal(Hashes(before, exceptIn: "a-2"), Hashes(left, exceptIn: "a-2"));
        Assert.DoesNotContain(left.Find("a")!.Policies, p => p.Metadata.NamespaceProperty == "a-2");
    }

    [Fact]
    public void TenantPeer_CarriesTheOtherTenantsDefinition_WithThePodSelectorOnEachPeer()
    {
        var plan = Plan(
            [
                Tenant("client", "namespaces: [c-1]\negress: [{name: to-a, to: [{tenant: a, podSelector: {matchLabels: {app: db}}}], ports: [{port: 5432}]}]"),
                Tenant("a", $"{SelectorA}\nnamespaces: [a-legacy]"),
            ],
            [Ns("c-1"), Ns("a-1", "tenant=a"), Ns("a-legacy"), Ns("kube-system", "tenant=a")]);

        Assert.Equal("""
            - namespaceSelector:
                matchExpressions:
                - key: kubernetes.io/metadata.name
                  operator: NotIn
                  values:
                  - kube-system
                matchLabels:
                  tenant: a
              podSelector:
                matchLabels:
                  app: db
            - namespaceSelector:
                matchExpressions:
                - key: kubernetes.io/metadata.name
                  operator: In
                  values:
                  - a-legacy
              podSelector:
                matchLabels:
                  app: db
            """, Yaml(plan.Find("client")!.Policy("c-1", WellKnown.EgressPolicy("to-a")).Spec.Egress.Single().To));
    }

    [Fact]
    public void TenantPeer_NamingATenantWhoseOnlyNamespacesAreTerminating_AllowsNothing_AndSaysSo()
    {
        var plan = Plan(
            [Tenant("client", "namespaces: [c-1]\negress: [{name: to-a, to: [{tenant: a}]}]"), Tenant("a", SelectorA)],
            [Ns("c-1"), Ns("a-1", "tenant=a", terminating: true)]);
        var client = plan.Find("client")!;

        Assert.DoesNotContain(client.Policies, p => p.Metadata.Name == WellKnown.EgressPolicy("to-a"));
        Assert.Contains("egress rule to-a: tenant a has no member namespaces: that peer allows nothing", client.Warnings);
    }

    [Fact]
    public void TerminatingNamespace_IsNoMember_ButStaysInsideTheDefinition_SoItsDeletionChangesNoOtherPolicy()
    {
        var tenant = Tenant("a", $"{SelectorA}\nnamespaces: [a-named]");
        var before = Plan([tenant], [Ns("a-1", "tenant=a"), Ns("a-2", "tenant=a"), Ns("a-named")]);
        var terminating = Plan([tenant], [Ns("a-1", "tenant=a"), Ns("a-2", "tenant=a", terminating: true), Ns("a-named", terminating: true)]);

        Assert.Equal(["a-1"], terminating.Find("a")!.Members);
        Assert.Empty(terminating.Find("a")!.Excluded);
        Assert.Empty(terminating.Find("a")!.Definition.Excluded);
        Assert.Equal(["a-named"], terminating.Find("a")!.Definition.Named);
        Assert.Equal(Hash(before, "a", "a-1", WellKnown.IntraTenantPolicy), Hash(terminating, "a", "a-1", WellKnown.IntraTenantPolicy));
    }

    [Fact]
    public void TerminatingNamespaceTheTenantDoesNotGet_StaysExcluded_AndUnreported()
    {
        var plan = Plan(
            [Tenant("older", "namespaces: [shared]", createdDay: 1), Tenant("younger", "namespaceSelector: {matchLabels: {team: x}}", createdDay: 2)],
            [Ns("shared", "team=x", terminating: true), Ns("kube-system", "team=x", terminating: true), Ns("y-1", "team=x")]);
        var younger = plan.Find("younger")!;

        Assert.Equal(["kube-system", "shared"], younger.Definition.Excluded);
        Assert.Empty(younger.Excluded);
        Assert.Empty(younger.Conflicts);
    }

    [Fact]
    public void SelectorTheApiServerWouldRefuseInAPolicy_IsReplacedByTheNamesItSelects()
    {
        // The CRD schema cannot check label syntax: "bad value!" reaches the planner, and a policy carrying it would be refused.
        var plan = Plan(
            [
                Tenant("a", "namespaceSelector: {matchExpressions: [{key: team, operator: NotIn, values: ['bad value!']}]}", createdDay: 1),
                Tenant("client", "namespaces: [c-1]\negress: [{name: to-a, to: [{tenant: a}]}]"),
            ],
            [Ns("a-1", "team=a"), Ns("a-2"), Ns("c-1")]);

        Assert.False(plan.Find("a")!.IsValid);
        Assert.Equal(["a-1", "a-2"], plan.Find("a")!.Members);
        var to = plan.Find("client")!.Policy("c-1", WellKnown.EgressPolicy("to-a")).Spec.Egress.Single().To;
        Assert.Equal(["a-1", "a-2"], to.Single().NamespaceSelector.MatchExpressions.Single().Values);
    }

    [Fact]
    public void ThePolicySize_DoesNotGrowWithTheTenant()
    {
        static int Bytes(int members)
        {
            var namespaces = Enumerable.Range(0, members).Select(i => Ns($"a-{i:D5}", "tenant=a")).ToList();
            var plan = Plan([Tenant("a", SelectorA)], namespaces);
            return KubernetesJson.Serialize(plan.Find("a")!.Policy("a-00000", WellKnown.IntraTenantPolicy)).Length;
        }

        Assert.Equal(Bytes(10), Bytes(5_000));
    }

    private static string Hash(ClusterPlan plan, string tenant, string ns, string name) =>
        plan.Find(tenant)!.Policy(ns, name).Metadata.Annotations[WellKnown.ContentHashAnnotation];

    private static Dictionary<string, string> Hashes(ClusterPlan plan, string exceptIn) =>
        plan.Tenants.SelectMany(t => t.Policies)
            .Where(p => p.Metadata.NamespaceProperty != exceptIn)
            .ToDictionary(p => $"{p.Metadata.NamespaceProperty}/{p.Metadata.Name}", p => p.Metadata.Annotations[WellKnown.ContentHashAnnotation]);

    private static string Yaml(IList<V1NetworkPolicyPeer> peers) => KubernetesYaml.Serialize(peers).TrimEnd();
}
