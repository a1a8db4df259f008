using k8s;
using k8s.Models;
using TenantOperator.Api;
using TenantOperator.Policy.Planning;
using static TenantOperator.Core.Tests.Policy.Planning.PlannerFixture;

namespace TenantOperator.Core.Tests.Policy.Planning;

public class PolicyTests
{
    [Fact]
    public void EveryMemberNamespace_GetsTheDefaultPolicies()
    {
        var tenant = Plan([Tenant("team-a", "namespaces: [web, api]")], [Ns("web"), Ns("api")]).Find("team-a")!;

        Assert.Equal(
        [
            "api/tenant-isolation-default-deny", "api/tenant-isolation-dns", "api/tenant-isolation-intra-tenant",
            "web/tenant-isolation-default-deny", "web/tenant-isolation-dns", "web/tenant-isolation-intra-tenant",
        ], tenant.Policies.Select(p => $"{p.Metadata.NamespaceProperty}/{p.Metadata.Name}"));
    }

    [Fact]
    public void DefaultDeny_SelectsEveryPod_InBothDirections_WithNoRule()
    {
        var tenant = Plan([Tenant("team-a", "namespaces: [web]")], [Ns("web")]).Find("team-a")!;
        Assert.Equal("""
            podSelector: {}
            policyTypes:
            - Ingress
            - Egress
            """, tenant.Policy("web", WellKnown.DefaultDenyPolicy).Spec.Yaml());
    }

    [Fact]
    public void IntraTenant_AllowsTheMembersByTheirImmutableNameLabel()
    {
        var tenant = Plan([Tenant("team-a", "namespaces: [web, api]")], [Ns("web"), Ns("api")]).Find("team-a")!;
        Assert.Equal("""
            egress:
            - to:
              - namespaceSelector:
                  matchExpressions:
                  - key: kubernetes.io/metadata.name
                    operator: In
                    values:
                    - api
                    - web
            ingress:
            - from:
              - namespaceSelector:
                  matchExpressions:
                  - key: kubernetes.io/metadata.name
                    operator: In
                    values:
                    - api
                    - web
            podSelector: {}
            policyTypes:
            - Ingress
            - Egress
            """, tenant.Policy("web", WellKnown.IntraTenantPolicy).Spec.Yaml());
    }

    [Fact]
    public void Dns_IsOnePeer_NamespaceAndPods_On53UdpAndTcp_PlusCidrs()
    {
        var tenant = Plan(
            [Tenant("team-a", "namespaces: [web]\ndns: {namespace: dns-system, podSelector: {matchLabels: {app: coredns}}, cidrs: [169.254.20.10/32, 'fd00::a/128']}")],
            [Ns("web")]).Find("team-a")!;
        Assert.Equal("""
            egress:
            - ports:
              - port: 53
                protocol: UDP
              - port: 53
                protocol: TCP
              to:
              - namespaceSelector:
                  matchLabels:
                    kubernetes.io/metadata.name: dns-system
                podSelector:
                  matchLabels:
                    app: coredns
              - ipBlock:
                  cidr: 169.254.20.10/32
              - ipBlock:
                  cidr: fd00::a/128
            podSelector: {}
            policyTypes:
            - Egress
            """, tenant.Policy("web", WellKnown.DnsPolicy).Spec.Yaml());
    }

    [Fact]
    public void Dns_DefaultsToKubeDnsInKubeSystem()
    {
        var yaml = Plan([Tenant("team-a", "namespaces: [web]")], [Ns("web")]).Find("team-a")!.Policy("web", WellKnown.DnsPolicy).Spec.Yaml();
        Assert.Contains("kubernetes.io/metadata.name: kube-system", yaml);
        Assert.Contains("k8s-app: kube-dns", yaml);
    }

    [Fact]
    public void DisabledIntraTenantAndDns_AreNotKept()
    {
        var tenant = Plan([Tenant("team-a", "namespaces: [web]\nallowIntraTenant: false\ndns: {allow: false}")], [Ns("web")]).Find("team-a")!;
        Assert.Equal([WellKnown.DefaultDenyPolicy], tenant.Policies.Select(p => p.Metadata.Name));
    }

    [Fact]
    public void IngressRule_KeepsNetworkPolicyPeers_AndDefaultsTheProtocol()
    {
        var tenant = Plan(
            [Tenant("team-a", """
                namespaces: [web]
                ingress:
                - name: mixed
                  podSelector: {matchLabels: {app: web}}
                  from:
                  - podSelector: {matchLabels: {role: probe}}
                  - namespaceSelector: {matchLabels: {team: ops}}
                    podSelector: {matchLabels: {app: prometheus}}
                  - ipBlock: {cidr: "2001:db8::/32", except: ["2001:db8:ff::/48"]}
                  ports:
                  - {port: 8080}
                  - {protocol: UDP, port: 30000, endPort: 30100}
                  - {protocol: SCTP, port: metrics}
                """)],
            [Ns("web")]).Find("team-a")!;
        Assert.Equal("""
            ingress:
            - from:
              - podSelector:
                  matchLabels:
                    role: probe
              - namespaceSelector:
                  matchLabels:
                    team: ops
                podSelector:
                  matchLabels:
                    app: prometheus
              - ipBlock:
                  cidr: 2001:db8::/32
                  except:
                  - 2001:db8:ff::/48
              ports:
              - port: 8080
                protocol: TCP
              - endPort: 30100
                port: 30000
                protocol: UDP
              - port: metrics
                protocol: SCTP
            podSelector:
              matchLabels:
                app: web
            policyTypes:
            - Ingress
            """, tenant.Policy("web", WellKnown.IngressPolicy("mixed")).Spec.Yaml());
    }

    [Fact]
    public void EgressRule_WithOurPeers_CompilesToNamesOfNamespaces()
    {
        var plan = Plan(
            [
                Tenant("team-a", """
                    namespaces: [web]
                    egress:
                    - name: out
                      to:
                      - namespaces: [vault, db]
                        podSelector: {matchLabels: {app: api}}
                      - tenant: shared
                      ports: [{port: 443}]
                    """),
                Tenant("shared", "namespaces: [s2, s1]"),
            ],
            [Ns("web"), Ns("s1"), Ns("s2"), Ns("vault"), Ns("db")]);
        Assert.Equal("""
            egress:
            - ports:
              - port: 443
                protocol: TCP
              to:
              - namespaceSelector:
                  matchExpressions:
                  - key: kubernetes.io/metadata.name
                    operator: In
                    values:
                    - db
                    - vault
                podSelector:
                  matchLabels:
                    app: api
              - namespaceSelector:
                  matchExpressions:
                  - key: kubernetes.io/metadata.name
                    operator: In
                    values:
                    - s1
                    - s2
            podSelector: {}
            policyTypes:
            - Egress
            """, plan.Find("team-a")!.Policy("web", WellKnown.EgressPolicy("out")).Spec.Yaml());
    }

    [Fact]
    public void RuleWithNoPeers_AllowsAnySource()
    {
        var tenant = Plan([Tenant("team-a", "namespaces: [web]\ningress: [{name: public, ports: [{port: 443}]}]")], [Ns("web")]).Find("team-a")!;
        var rule = tenant.Policy("web", WellKnown.IngressPolicy("public")).Spec.Ingress.Single();
        Assert.Null(rule.FromProperty);
    }

    [Theory]
    [InlineData("tenant: nobody", "tenant nobody does not exist")]
    [InlineData("tenant: empty", "tenant empty has no member namespaces")]
    public void TenantPeerResolvingToNothing_GivesNoAccess_AndAWarning(string peer, string why)
    {
        var plan = Plan(
            [Tenant("team-a", $"namespaces: [web]\negress: [{{name: out, to: [{{{peer}}}]}}]"), Tenant("empty", "namespaces: [missing]")],
            [Ns("web")]);
        var tenant = plan.Find("team-a")!;

        Assert.DoesNotContain(tenant.Policies, p => p.Metadata.Name == WellKnown.EgressPolicy("out"));
        Assert.Equal(
        [
            $"egress rule out: {why}: that peer allows nothing",
            "egress rule out: no peer matches any namespace, so the rule allows nothing and no policy is kept for it",
        ], tenant.Warnings);
    }

    [Fact]
    public void TenantPeerResolvingToNothing_NextToAResolvedPeer_KeepsOnlyTheResolvedOne()
    {
        var tenant = Plan(
            [Tenant("team-a", "namespaces: [web]\negress: [{name: out, to: [{tenant: nobody}, {namespaces: [db]}]}]")],
            [Ns("web"), Ns("db")]).Find("team-a")!;

        var peers = tenant.Policy("web", WellKnown.EgressPolicy("out")).Spec.Egress.Single().To;
        Assert.Equal(["db"], peers.Single().NamespaceSelector.MatchExpressions.Single().Values);
    }

    [Fact]
    public void GeneratedPolicies_CarryOurLabels_TheirHash_AndAnOwnerReference()
    {
        var tenant = Plan([Tenant("team-a", "namespaces: [web]", uid: "0f1e2d3c")], [Ns("web")]).Find("team-a")!;
        var policy = tenant.Policy("web", WellKnown.DefaultDenyPolicy);

        Assert.Equal("tenant-operator", policy.Metadata.Labels[WellKnown.ManagedByLabel]);
        Assert.Equal("team-a", policy.Metadata.Labels[WellKnown.TenantLabel]);
        Assert.Matches("^[0-9a-f]{16}$", policy.Metadata.Annotations[WellKnown.ContentHashAnnotation]);
        var owner = policy.Metadata.OwnerReferences.Single();
        Assert.Equal(("isolation.tenantoperator.io/v1alpha1", "TenantIsolation", "team-a", "0f1e2d3c", true, true),
            (owner.ApiVersion, owner.Kind, owner.Name, owner.Uid, owner.Controller, owner.BlockOwnerDeletion));
    }

    [Fact]
    public void WithoutAUid_ThereIsNoOwnerReference()
    {
        var tenant = Plan([Tenant("team-a", "namespaces: [web]")], [Ns("web")]).Find("team-a")!;
        Assert.All(tenant.Policies, p => Assert.Null(p.Metadata.OwnerReferences));
    }

    [Fact]
    public void Hash_ChangesWithTheSpec_AndNotWithTheNamespace()
    {
        var plan = Plan([Tenant("team-a", "namespaces: [web, api]"), Tenant("team-b", "namespaces: [db]\nallowIntraTenant: false")], [Ns("web"), Ns("api"), Ns("db")]);
        string Hash(string tenant, string ns, string name) => plan.Find(tenant)!.Policy(ns, name).Metadata.Annotations[WellKnown.ContentHashAnnotation];

        Assert.Equal(Hash("team-a", "web", WellKnown.DnsPolicy), Hash("team-a", "api", WellKnown.DnsPolicy));
        Assert.NotEqual(Hash("team-a", "web", WellKnown.DnsPolicy), Hash("team-b", "db", WellKnown.DnsPolicy)); // labels differ
        Assert.NotEqual(Hash("team-a", "web", WellKnown.DefaultDenyPolicy), Hash("team-a", "web", WellKnown.DnsPolicy));
    }

    [Fact]
    public void Hash_IsTheContentHashOfEachPolicysLabelsAndSpec()
    {
        var plan = Plan([Tenant("team-a", "namespaces: [web, api]\negress: [{name: out, to: [{ipBlock: {cidr: 10.0.0.0/8}}]}]", uid: "u1")], [Ns("web"), Ns("api")]);

        Assert.All(plan.Find("team-a")!.Policies, p =>
            Assert.Equal(ContentHash.Of(p.Metadata.Labels, p.Spec), p.Metadata.Annotations[WellKnown.ContentHashAnnotation]));
    }

    [Fact]
    public void WhenAskedTo_PoliciesOfOneName_ShareTheirUnchangingParts_AcrossTheTenantsNamespaces()
    {
        // Read-only sharing is what keeps the operator's plans for 1,000 tenants × 10 namespaces small (docs/PERFORMANCE.md).
        var options = new PlannerOptions { ShareUnchangingParts = true };
        var tenant = Plan([Tenant("team-a", "namespaces: [web, api]", uid: "u1")], [Ns("web"), Ns("api")], options).Find("team-a")!;
        var web = tenant.Policy("web", WellKnown.DnsPolicy);
        var api = tenant.Policy("api", WellKnown.DnsPolicy);

        Assert.Same(web.Spec, api.Spec);
        Assert.Same(web.Metadata.Annotations, api.Metadata.Annotations);
        Assert.NotSame(web.Metadata, api.Metadata);
        Assert.NotSame(web.Spec, tenant.Policy("web", WellKnown.DefaultDenyPolicy).Spec);
    }

    [Fact]
    public void WithASpecPool_SharedSpecsComeFromThePool_AndHashAsTheirContent()
    {
        var pooled = new List<V1NetworkPolicySpec>();
        V1NetworkPolicySpec Pool(V1NetworkPolicySpec spec)
        {
            var equal = pooled.FirstOrDefault(p => KubernetesJson.Serialize(p) == KubernetesJson.Serialize(spec));
            if (equal is null)
            {
                pooled.Add(spec);
            }

            return equal ?? spec;
        }

        var options = new PlannerOptions { ShareUnchangingParts = true, SpecPool = Pool };
        var a = Plan([Tenant("team-a", "namespaces: [web]")], [Ns("web")], options).Find("team-a")!;
        var b = Plan([Tenant("team-b", "namespaces: [db]")], [Ns("db")], options).Find("team-b")!;

        // The default deny and DNS specs are the same documents in both tenants: one instance each, from the pool.
        Assert.Same(a.Policy("web", WellKnown.DefaultDenyPolicy).Spec, b.Policy("db", WellKnown.DefaultDenyPolicy).Spec);
        Assert.Same(a.Policy("web", WellKnown.DnsPolicy).Spec, b.Policy("db", WellKnown.DnsPolicy).Spec);
        Assert.All(b.Policies, p => Assert.Equal(ContentHash.Of(p.Metadata.Labels, p.Spec), p.Metadata.Annotations[WellKnown.ContentHashAnnotation]));
    }

    [Fact]
    public void ByDefault_EachPlannedPolicy_CanBeEditedAlone()
    {
        var tenant = Plan([Tenant("team-a", "namespaces: [web, api]", uid: "u1")], [Ns("web"), Ns("api")]).Find("team-a")!;
        var web = tenant.Policy("web", WellKnown.DnsPolicy);
        var api = tenant.Policy("api", WellKnown.DnsPolicy);

        web.Spec.Egress.Clear();
        web.Metadata.Labels["edited"] = "yes";
        web.Metadata.OwnerReferences[0].Name = "someone-else";

        Assert.Single(api.Spec.Egress);
        Assert.False(api.Metadata.Labels.ContainsKey("edited"));
        Assert.Equal("team-a", api.Metadata.OwnerReferences[0].Name);
        Assert.Equal(web.Metadata.Annotations[WellKnown.ContentHashAnnotation], api.Metadata.Annotations[WellKnown.ContentHashAnnotation]);
    }

    [Fact]
    public void SharingOrNot_PlansTheSameDocuments()
    {
        var tenants = new[] { Tenant("team-a", "namespaces: [web, api]\negress: [{name: out, to: [{tenant: team-b}]}]", uid: "u1"), Tenant("team-b", "namespaces: [db]", uid: "u2") };
        var namespaces = new[] { Ns("web"), Ns("api"), Ns("db") };

        Assert.Equal(Serialize(Plan(tenants, namespaces)), Serialize(Plan(tenants, namespaces, new PlannerOptions { ShareUnchangingParts = true })));
    }

    [Fact]
    public void LongestRuleName_GivesAPolicyNameWellInsideTheLimit()
    {
        var name = new string('r', 63);
        var tenant = Plan([Tenant("team-a", $"namespaces: [web]\ningress: [{{name: {name}}}]")], [Ns("web")]).Find("team-a")!;
        var policy = tenant.Policy("web", WellKnown.IngressPolicy(name));
        Assert.True(policy.Metadata.Name.Length <= 253);
        Assert.Equal("tenant-isolation-ingress-" + name, policy.Metadata.Name);
    }

    [Fact]
    public void Output_IsByteIdentical_WhateverTheInputOrder()
    {
        var tenants = new[]
        {
            Tenant("a", "namespaceSelector: {matchLabels: {t: a}}\negress: [{name: x, to: [{tenant: b}]}]", createdDay: 3, uid: "u1"),
            Tenant("b", "namespaces: [b1, b2, shared]\ningress: [{name: y, from: [{tenant: a}]}]", createdDay: 2, uid: "u2"),
            Tenant("c", "namespaceSelector: {matchExpressions: [{key: t, operator: In, values: [a, c]}]}", createdDay: 2, uid: "u3"),
        };
        var namespaces = new[] { Ns("a1", "t=a"), Ns("a2", "t=a"), Ns("b1"), Ns("b2"), Ns("shared", "t=c"), Ns("c1", "t=c"), Ns("kube-system", "t=a") };
        var expected = Serialize(Plan(tenants, namespaces));

        var random = new Random(20261126);
        for (var i = 0; i < 20; i++)
        {
            var shuffled = Serialize(Plan(tenants.OrderBy(_ => random.Next()), namespaces.OrderBy(_ => random.Next())));
            Assert.Equal(expected, shuffled);
        }
    }

    private static string Serialize(TenantOperator.Policy.Planning.ClusterPlan plan) =>
        string.Join("\n", plan.Tenants.Select(t => KubernetesJson.Serialize(new
        {
            t.Name,
            t.Members,
            t.Excluded,
            t.Policies,
            t.Peerings,
            t.Warnings,
        })));
}
