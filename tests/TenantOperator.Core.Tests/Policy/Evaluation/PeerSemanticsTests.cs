using TenantOperator.Policy.Evaluation;

namespace TenantOperator.Core.Tests.Policy.Evaluation;

/// <summary>Peers: selectors alone and together, lists, empty versus absent, ipBlocks against pod and outside addresses.</summary>
public class PeerSemanticsTests
{
    /// <summary>Namespaces x (team=red) and y (team=blue); each has a web and a db pod; z/web has no team.</summary>
    private static TestCluster ThreeTeams() => new TestCluster()
        .Namespace("x", "team=red").Namespace("y", "team=blue").Namespace("z")
        .Pod("x/web", "app=web", "10.1.0.1").Pod("x/db", "app=db", "10.1.0.2")
        .Pod("y/web", "app=web", "10.2.0.1").Pod("y/db", "app=db", "10.2.0.2")
        .Pod("z/web", "app=web", "10.3.0.1");

    private static TestCluster WithIngressToXDb(string fromYaml) => ThreeTeams().Policy($$$"""
        metadata: {name: to-db, namespace: x}
        spec:
          podSelector: {matchLabels: {app: db}}
          ingress:
          - from:
        {{{fromYaml}}}
        """);

    [Fact]
    public void PodSelectorAlone_SelectsPodsOfThePolicysNamespace()
    {
        var cluster = WithIngressToXDb("    - podSelector: {matchLabels: {app: web}}");

        Assert.True(cluster.Allowed("x/web", "x/db", "5432/TCP"));
        Assert.False(cluster.Allowed("y/web", "x/db", "5432/TCP"));
    }

    [Fact]
    public void NamespaceSelectorAlone_SelectsEveryPodOfTheMatchingNamespaces()
    {
        var cluster = WithIngressToXDb("    - namespaceSelector: {matchLabels: {team: blue}}");

        Assert.True(cluster.Allowed("y/web", "x/db", "5432/TCP"));
        Assert.True(cluster.Allowed("y/db", "x/db", "5432/TCP"));
        Assert.False(cluster.Allowed("x/web", "x/db", "5432/TCP"));
        Assert.False(cluster.Allowed("z/web", "x/db", "5432/TCP"));
    }

    [Fact]
    public void BothSelectorsInOnePeer_MustBothMatch()
    {
        var cluster = WithIngressToXDb("""
                - namespaceSelector: {matchLabels: {team: blue}}
                  podSelector: {matchLabels: {app: web}}
            """);

        Assert.True(cluster.Allowed("y/web", "x/db", "5432/TCP"));
        Assert.False(cluster.Allowed("y/db", "x/db", "5432/TCP"));
        Assert.False(cluster.Allowed("x/web", "x/db", "5432/TCP"));
        Assert.False(cluster.Allowed("z/web", "x/db", "5432/TCP"));
    }

    [Fact]
    public void SeparatePeers_EitherMayMatch()
    {
        var cluster = WithIngressToXDb("""
                - namespaceSelector: {matchLabels: {team: blue}}
                - podSelector: {matchLabels: {app: web}}
            """);

        Assert.True(cluster.Allowed("y/db", "x/db", "5432/TCP"));
        Assert.True(cluster.Allowed("x/web", "x/db", "5432/TCP"));
        Assert.False(cluster.Allowed("z/web", "x/db", "5432/TCP"));
    }

    [Fact]
    public void EmptyNamespaceSelector_MatchesEveryPodInTheCluster_ButNoOutsideAddress()
    {
        var cluster = WithIngressToXDb("    - namespaceSelector: {}");

        Assert.True(cluster.Allowed("z/web", "x/db", "5432/TCP"));
        Assert.False(cluster.Allowed("203.0.113.9", "x/db", "5432/TCP"));
    }

    [Fact]
    public void EmptyPodSelector_MatchesEveryPodOfThePolicysNamespace()
    {
        var cluster = WithIngressToXDb("    - podSelector: {}");

        Assert.True(cluster.Allowed("x/web", "x/db", "5432/TCP"));
        Assert.False(cluster.Allowed("y/web", "x/db", "5432/TCP"));
    }

    [Theory]
    [InlineData("ingress: [{}]")]
    [InlineData("ingress: [{from: []}]")]
    [InlineData("ingress: [{from: null, ports: []}]")]
    public void AbsentOrEmptyFrom_MatchesEverySource_InsideAndOutsideTheCluster(string ingress)
    {
        var cluster = ThreeTeams().Policy($$$"""
            metadata: {name: open, namespace: x}
            spec:
              podSelector: {}
              {{{ingress}}}
            """);

        Assert.True(cluster.Allowed("z/web", "x/db", "5432/UDP"));
        Assert.True(cluster.Allowed("203.0.113.9", "x/db", "1/SCTP"));
    }

    [Fact]
    public void MatchExpressions_CombineWithMatchLabels_AndNotInMatchesAMissingKey()
    {
        var cluster = ThreeTeams().Policy("""
            metadata: {name: to-db, namespace: x}
            spec:
              podSelector: {matchLabels: {app: db}}
              ingress:
              - from:
                - namespaceSelector:
                    matchExpressions:
                    - {key: team, operator: NotIn, values: [red]}
                  podSelector:
                    matchLabels: {app: web}
                    matchExpressions:
                    - {key: canary, operator: DoesNotExist}
            """);

        Assert.True(cluster.Allowed("y/web", "x/db", "80/TCP"));
        Assert.True(cluster.Allowed("z/web", "x/db", "80/TCP")); // z has no team label: NotIn matches
        Assert.False(cluster.Allowed("x/web", "x/db", "80/TCP"));
    }

    [Fact]
    public void NamespaceNameLabel_IsAddedWhenMissing_AndPodsOfUndeclaredNamespacesGetOne()
    {
        var cluster = new TestCluster()
            .Namespace("x")
            .Pod("x/db", "app=db", "10.1.0.2")
            .Pod("ghost/web", "app=web", "10.9.0.1") // no Namespace object for "ghost"
            .Policy("""
                metadata: {name: from-ghost, namespace: x}
                spec:
                  podSelector: {}
                  ingress:
                  - from:
                    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ghost}}
                """);

        Assert.True(cluster.Allowed("ghost/web", "x/db", "80/TCP"));
        var ghost = cluster.Evaluator.Namespaces.Single(n => n.Name == "ghost");
        Assert.True(ghost.Implicit);
        Assert.Equal("ghost", ghost.Labels["kubernetes.io/metadata.name"]);
        Assert.Equal("x", cluster.Evaluator.Namespaces.Single(n => n.Name == "x").Labels["kubernetes.io/metadata.name"]);
    }

    [Fact]
    public void IpBlock_MatchesPodsByTheirAddresses_MinusTheExceptBlocks()
    {
        var cluster = ThreeTeams().Policy("""
            metadata: {name: egress-by-cidr, namespace: x}
            spec:
              podSelector: {matchLabels: {app: web}}
              policyTypes: [Egress]
              egress:
              - to:
                - ipBlock: {cidr: 10.2.0.0/16, except: [10.2.0.2/32]}
            """);

        Assert.True(cluster.Allowed("x/web", "y/web", "80/TCP"));
        Assert.False(cluster.Allowed("x/web", "y/db", "80/TCP"));
        Assert.False(cluster.Allowed("x/web", "z/web", "80/TCP"));
        Assert.True(cluster.Allowed("x/web", "10.2.200.7", "80/TCP")); // outside the cluster, inside the block
        Assert.False(cluster.Allowed("x/web", "10.2.0.2", "80/TCP"));   // that is y/db's address: evaluated as y/db
    }

    [Fact]
    public void IpBlock_Ingress_AdmitsOutsideAddressesInTheBlock()
    {
        var cluster = ThreeTeams().Policy("""
            metadata: {name: from-office, namespace: x}
            spec:
              podSelector: {}
              ingress:
              - from:
                - ipBlock: {cidr: 203.0.113.0/24, except: [203.0.113.128/25]}
            """);

        var allowed = cluster.Verdict("203.0.113.7", "x/web", "443/TCP");
        Assert.True(allowed.Allowed);
        Assert.Equal(DirectionOutcome.NotAPod, allowed.Egress.Outcome);
        Assert.False(cluster.Allowed("203.0.113.200", "x/web", "443/TCP"));
        Assert.False(cluster.Allowed("198.51.100.1", "x/web", "443/TCP"));
    }

    [Fact]
    public void APodWithoutIp_CannotMatchAnIpBlock_AndTheVerdictSaysSo()
    {
        var cluster = new TestCluster()
            .Namespace("x")
            .Pod("x/client", "app=client") // scheduled but no IP yet
            .Pod("x/server", "app=server", "10.0.0.2")
            .Policy("""
                metadata: {name: from-pod-range, namespace: x}
                spec:
                  podSelector: {matchLabels: {app: server}}
                  ingress:
                  - from:
                    - ipBlock: {cidr: 0.0.0.0/0}
                """);

        var verdict = cluster.Verdict("x/client", "x/server", "80/TCP");

        Assert.False(verdict.Allowed);
        Assert.Contains(verdict.Notes, n => n.StartsWith("x/client has no IP: ipBlock peers cannot match it", StringComparison.Ordinal));
    }

    [Fact]
    public void APodWithoutIp_IsStillMatchedBySelectors()
    {
        var cluster = new TestCluster()
            .Namespace("x")
            .Pod("x/client", "app=client")
            .Pod("x/server", "app=server")
            .Policy("""
                metadata: {name: from-client, namespace: x}
                spec:
                  podSelector: {matchLabels: {app: server}}
                  ingress:
                  - from:
                    - podSelector: {matchLabels: {app: client}}
                """);

        Assert.True(cluster.Allowed("x/client", "x/server", "80/TCP"));
    }

    [Fact]
    public void IpBlocks_ApplyPerAddressFamily_InADualStackCluster()
    {
        // Egress allows y/b only by its IPv4 address, ingress admits x/a only by its IPv6 address: a connection
        // runs over one family, so no connection satisfies both.
        var cluster = new TestCluster()
            .Namespace("x").Namespace("y")
            .Pod("x/a", "app=a", "10.0.0.1,fd00::1")
            .Pod("y/b", "app=b", "10.0.0.2,fd00::2")
            .Policy("""
                metadata: {name: v4-egress, namespace: x}
                spec:
                  podSelector: {}
                  policyTypes: [Egress]
                  egress:
                  - to: [{ipBlock: {cidr: 10.0.0.0/24}}]
                """)
            .Policy("""
                metadata: {name: v6-ingress, namespace: y}
                spec:
                  podSelector: {}
                  ingress:
                  - from: [{ipBlock: {cidr: "fd00::/64"}}]
                """);

        var verdict = cluster.Verdict("x/a", "y/b", "80/TCP");

        Assert.False(verdict.Allowed);
        Assert.True(verdict.Egress.Allowed);
        Assert.True(verdict.Ingress.Allowed);
        Assert.Contains(verdict.Notes, n => n.Contains("only over IPv4", StringComparison.Ordinal) && n.Contains("only over IPv6", StringComparison.Ordinal));
    }

    [Fact]
    public void IpBlocksOfBothFamilies_AllowADualStackConnection()
    {
        var cluster = new TestCluster()
            .Namespace("x")
            .Pod("x/a", "app=a", "10.0.0.1,fd00::1")
            .Pod("x/b", "app=b", "10.0.0.2,fd00::2")
            .Policy("""
                metadata: {name: v6-ingress, namespace: x}
                spec:
                  podSelector: {matchLabels: {app: b}}
                  ingress:
                  - from: [{ipBlock: {cidr: "fd00::/64"}}]
                """);

        Assert.True(cluster.Allowed("x/a", "x/b", "80/TCP"));
    }

    [Fact]
    public void PodsOfDifferentSingleFamilies_CannotConnect()
    {
        var cluster = new TestCluster()
            .Namespace("x")
            .Pod("x/v4", "", "10.0.0.1")
            .Pod("x/v6", "", "fd00::2");

        var verdict = cluster.Verdict("x/v4", "x/v6", "80/TCP");

        Assert.False(verdict.Allowed);
        Assert.Contains(verdict.Notes, n => n.Contains("no connection can use one family at both ends", StringComparison.Ordinal));
    }

    [Fact]
    public void AnAddressOfAPod_IsEvaluatedAsThatPod()
    {
        var cluster = ThreeTeams().Policy("""
            metadata: {name: deny-in, namespace: x}
            spec: {podSelector: {}, policyTypes: [Ingress]}
            """);

        var verdict = cluster.Verdict("10.2.0.1", "x/db", "80/TCP");

        Assert.Equal("y/web", verdict.Source);
        Assert.Contains(verdict.Notes, n => n == "10.2.0.1 is the address of pod y/web, so it is evaluated as that pod");
    }

    [Fact]
    public void BetweenTwoOutsideAddresses_NothingIsGoverned()
    {
        var verdict = ThreeTeams().Verdict("198.51.100.1", "203.0.113.1", "22/TCP");

        Assert.True(verdict.Allowed);
        Assert.Equal(DirectionOutcome.NotAPod, verdict.Egress.Outcome);
        Assert.Equal(DirectionOutcome.NotAPod, verdict.Ingress.Outcome);
    }
}
