using k8s;
using k8s.Models;
using TenantOperator.Policy.Audit;
using TenantOperator.Policy.Planning;
using static TenantOperator.Core.Tests.Policy.Planning.PlannerFixture;

namespace TenantOperator.Core.Tests.Policy.Audit;

public class PolicyBreachFinderTests
{
    private static readonly NamespaceInfo[] Namespaces =
        [Ns("web"), Ns("api"), Ns("ingress-nginx"), Ns("other-team", "team=other"), Ns("kube-system"), Ns("other-b", "team=other")];

    private const string WebTenant = """
        namespaces: [web, api]
        ingress:
        - name: from-ingress
          podSelector: {matchLabels: {app: web}}
          from: [{namespaces: [ingress-nginx]}]
          ports: [{port: 8080}]
        egress:
        - name: partner
          to: [{ipBlock: {cidr: 203.0.113.0/24, except: [203.0.113.128/25]}}]
          ports: [{port: 443}]
        """;

    private static V1NetworkPolicy Policy(string ns, string yaml) =>
        KubernetesYaml.Deserialize<V1NetworkPolicy>($$"""
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: user-policy, namespace: {{ns}}}
            {{yaml}}
            """);

    private static List<string> Breaches(string tenantSpec, params V1NetworkPolicy[] policies)
    {
        var cluster = Plan([Tenant("team-a", tenantSpec), Tenant("other", "namespaceSelector: {matchLabels: {team: other}}")], Namespaces);
        var plan = cluster.Find("team-a")!;
        var all = plan.Policies.Concat(policies).ToList();
        return new PolicyBreachFinder().Find(new BreachQuery(plan, cluster, Namespaces, all))
            .Select(b => $"{b.Namespace}/{b.Policy} {b.Direction}: {b.Detail}").ToList();
    }

    [Fact]
    public void TheTenantsOwnPolicies_AreNoBreach()
    {
        Assert.Empty(Breaches(WebTenant));
    }

    [Fact]
    public void AllowAllIngress_IsABreach()
    {
        Assert.Equal(
            ["web/user-policy Ingress: allows from anywhere on any port (rule 0)"],
            Breaches(WebTenant, Policy("web", "spec: {podSelector: {}, ingress: [{}]}")));
    }

    [Fact]
    public void SameNamespacePods_StayInside()
    {
        Assert.Empty(Breaches(WebTenant, Policy("web", "spec: {podSelector: {}, ingress: [{from: [{podSelector: {matchLabels: {app: db}}}]}]}")));
    }

    [Fact]
    public void IntraTenantNamespaces_StayInside()
    {
        Assert.Empty(Breaches(WebTenant, Policy("web", """
            spec:
              podSelector: {}
              ingress: [{from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: api}}}]}]
            """)));
    }

    [Fact]
    public void AnotherTenantsNamespaces_AreABreach_NamingTheTenant()
    {
        Assert.Equal(
            "web/user-policy Ingress: allows from namespaces outside the tenant: other-b (tenant other), other-team (tenant other) on TCP 5432 (rule 0)",
            Breaches(WebTenant, Policy("web", """
                spec:
                  podSelector: {}
                  ingress: [{from: [{namespaceSelector: {matchLabels: {team: other}}}], ports: [{port: 5432}]}]
                """)).Single());
    }

    [Fact]
    public void WhatTheTenantDeclares_IsNoBreach_ButWiderPortsOrPodsAre()
    {
        var declared = Policy("web", """
            spec:
              podSelector: {matchLabels: {app: web}}
              ingress: [{from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress-nginx}}}], ports: [{port: 8080, protocol: TCP}]}]
            """);
        Assert.Empty(Breaches(WebTenant, declared));

        var widerPort = Policy("web", """
            spec:
              podSelector: {matchLabels: {app: web}}
              ingress: [{from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress-nginx}}}], ports: [{port: 9090}]}]
            """);
        Assert.Single(Breaches(WebTenant, widerPort));

        var morePods = Policy("web", """
            spec:
              podSelector: {}
              ingress: [{from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress-nginx}}}], ports: [{port: 8080}]}]
            """);
        Assert.Single(Breaches(WebTenant, morePods));
    }

    [Fact]
    public void IpBlocks_InsideTheDeclaredBlock_AreNoBreach_WiderOnesAre()
    {
        Assert.Empty(Breaches(WebTenant, Policy("api", """
            spec:
              podSelector: {}
              policyTypes: [Egress]
              egress: [{to: [{ipBlock: {cidr: 203.0.113.0/26}}], ports: [{port: 443}]}]
            """)));
        Assert.Equal(
            ["api/user-policy Egress: allows to 203.0.113.0/24 on TCP 443 (rule 0)"],
            Breaches(WebTenant, Policy("api", """
                spec:
                  podSelector: {}
                  policyTypes: [Egress]
                  egress: [{to: [{ipBlock: {cidr: 203.0.113.0/24}}], ports: [{port: 443}]}]
                """)));
    }

    [Fact]
    public void DnsEgress_IsCoveredByTheGeneratedDnsPolicy()
    {
        Assert.Empty(Breaches(WebTenant, Policy("web", """
            spec:
              podSelector: {}
              policyTypes: [Egress]
              egress:
              - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: {k8s-app: kube-dns}}}]
                ports: [{port: 53, protocol: UDP}]
            """)));
    }

    [Fact]
    public void RulesOfAnUngovernedDirection_AreIgnored()
    {
        Assert.Empty(Breaches(WebTenant, Policy("web", "spec: {podSelector: {}, policyTypes: [Ingress], egress: [{}]}")));
    }

    [Fact]
    public void PoliciesOutsideTheMembers_AndManagedOnes_AreNotExamined()
    {
        var managed = Policy("web", "spec: {podSelector: {}, ingress: [{}]}");
        managed.Metadata.Labels = new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "tenant-operator", ["isolation.tenantoperator.io/tenant"] = "team-a" };
        Assert.Empty(Breaches(WebTenant, managed, Policy("ingress-nginx", "spec: {podSelector: {}, ingress: [{}]}")));
    }
}
