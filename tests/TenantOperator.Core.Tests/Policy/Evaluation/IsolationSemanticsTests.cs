using TenantOperator.Policy.Evaluation;

namespace TenantOperator.Core.Tests.Policy.Evaluation;

/// <summary>Per-direction isolation, policyTypes inference, additive allows, and the two sides of a connection.</summary>
public class IsolationSemanticsTests
{
    private static TestCluster TwoPods() => new TestCluster()
        .Namespace("x").Namespace("y")
        .Pod("x/a", "app=a", "10.0.0.1", "http:80/TCP")
        .Pod("y/b", "app=b", "10.0.0.2", "http:80/TCP");

    [Fact]
    public void WithoutPolicies_EveryConnectionIsAllowed_AndNeitherSideIsIsolated()
    {
        var verdict = TwoPods().Verdict("x/a", "y/b", "80/TCP");

        Assert.True(verdict.Allowed);
        Assert.Equal(DirectionOutcome.NotIsolated, verdict.Egress.Outcome);
        Assert.Equal(DirectionOutcome.NotIsolated, verdict.Ingress.Outcome);
        Assert.Empty(verdict.Ingress.IsolatingPolicies);
    }

    [Fact]
    public void PolicyTypesAbsent_WithoutEgressRules_GovernsIngressOnly()
    {
        var cluster = TwoPods().Policy("""
            metadata: {name: only-from-nowhere, namespace: y}
            spec:
              podSelector: {}
            """);

        Assert.False(cluster.Allowed("x/a", "y/b", "80/TCP"));
        Assert.True(cluster.Allowed("y/b", "x/a", "80/TCP")); // y/b's egress is not governed
        Assert.Empty(cluster.Evaluator.IsolatingPolicies(cluster.Evaluator.GetPodIndex("y", "b"), TrafficDirection.Egress));
    }

    [Fact]
    public void PolicyTypesAbsent_WithEgressRules_GovernsBothDirections()
    {
        var cluster = TwoPods().Policy("""
            metadata: {name: egress-to-b-only, namespace: x}
            spec:
              podSelector: {}
              egress:
              - to:
                - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: y}}
            """);

        Assert.True(cluster.Allowed("x/a", "y/b", "80/TCP"));
        Assert.False(cluster.Allowed("y/b", "x/a", "80/TCP")); // Ingress is always inferred, and it has no ingress rule
        var verdict = cluster.Verdict("x/a", "y/b", "80/TCP");
        Assert.Equal(new RuleRef(new PolicyRef("x", "egress-to-b-only"), TrafficDirection.Egress, 0), verdict.Egress.AllowingRule);
    }

    [Fact]
    public void PolicyTypesAbsent_WithAnEmptyEgressList_DoesNotGovernEgress()
    {
        var cluster = TwoPods().Policy("""
            metadata: {name: p, namespace: x}
            spec:
              podSelector: {}
              ingress: [{}]
              egress: []
            """);

        Assert.True(cluster.Allowed("x/a", "y/b", "80/TCP"));
        Assert.Equal(DirectionOutcome.NotIsolated, cluster.Verdict("x/a", "y/b", "80/TCP").Egress.Outcome);
    }

    [Fact]
    public void RulesOfADirectionTheTypesLeaveOut_AreIgnored()
    {
        var cluster = TwoPods().Policy("""
            metadata: {name: egress-only, namespace: y}
            spec:
              podSelector: {}
              policyTypes: [Egress]
              ingress:
              - from:
                - podSelector: {matchLabels: {app: nobody}}
              egress: [{}]
            """);

        Assert.True(cluster.Allowed("x/a", "y/b", "80/TCP"));
        Assert.Equal(DirectionOutcome.NotIsolated, cluster.Verdict("x/a", "y/b", "80/TCP").Ingress.Outcome);
    }

    [Fact]
    public void AllowsAddUp_AcrossPoliciesSelectingTheSamePod()
    {
        var cluster = TwoPods()
            .Pod("y/c", "app=c", "10.0.0.3")
            .Policy("""
                metadata: {name: deny-all, namespace: y}
                spec: {podSelector: {}, policyTypes: [Ingress]}
                """)
            .Policy("""
                metadata: {name: allow-from-x, namespace: y}
                spec:
                  podSelector: {matchLabels: {app: b}}
                  ingress:
                  - from:
                    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: x}}
                """);

        var verdict = cluster.Verdict("x/a", "y/b", "80/TCP");
        Assert.True(verdict.Allowed);
        Assert.Equal([new PolicyRef("y", "allow-from-x"), new PolicyRef("y", "deny-all")], verdict.Ingress.IsolatingPolicies);
        Assert.Equal("y/allow-from-x ingress[0]", verdict.Ingress.AllowingRule?.ToString());
        Assert.False(cluster.Allowed("x/a", "y/c", "80/TCP"));
    }

    [Fact]
    public void AConnectionNeedsEgressAtTheSource_AndIngressAtTheDestination()
    {
        var cluster = TwoPods()
            .Policy("""
                metadata: {name: egress-anywhere, namespace: x}
                spec: {podSelector: {}, policyTypes: [Egress], egress: [{}]}
                """)
            .Policy("""
                metadata: {name: ingress-from-nowhere, namespace: y}
                spec: {podSelector: {}, policyTypes: [Ingress]}
                """);

        var verdict = cluster.Verdict("x/a", "y/b", "80/TCP");

        Assert.False(verdict.Allowed);
        Assert.True(verdict.Egress.Allowed);
        Assert.Equal(DirectionOutcome.AllowedByRule, verdict.Egress.Outcome);
        Assert.False(verdict.Ingress.Allowed);
        Assert.Equal(DirectionOutcome.NoRuleAllows, verdict.Ingress.Outcome);
        Assert.Null(verdict.Ingress.AllowingRule);
        Assert.Contains("isolated for ingress by y/ingress-from-nowhere", verdict.Ingress.Reason, StringComparison.Ordinal);
        Assert.EndsWith("; this policy has no ingress rule, so nothing is allowed", verdict.Ingress.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void EgressDenied_EvenWhenTheDestinationAllowsIngress()
    {
        var cluster = TwoPods()
            .Policy("""
                metadata: {name: no-egress, namespace: x}
                spec: {podSelector: {}, policyTypes: [Egress]}
                """)
            .Policy("""
                metadata: {name: allow-all-in, namespace: y}
                spec: {podSelector: {}, ingress: [{}]}
                """);

        var verdict = cluster.Verdict("x/a", "y/b", "80/TCP");

        Assert.False(verdict.Allowed);
        Assert.False(verdict.Egress.Allowed);
        Assert.True(verdict.Ingress.Allowed);
    }

    [Fact]
    public void APodCanAlwaysReachItself_EvenWhenIsolatedBothWays()
    {
        var cluster = TwoPods().Policy("""
            metadata: {name: deny-all, namespace: x}
            spec: {podSelector: {}, policyTypes: [Ingress, Egress]}
            """);

        var verdict = cluster.Verdict("x/a", "x/a", "80/TCP");

        Assert.True(verdict.Allowed);
        Assert.Equal(DirectionOutcome.SamePod, verdict.Ingress.Outcome);
        Assert.False(cluster.Allowed("x/a", "y/b", "80/TCP"));
    }

    [Fact]
    public void APolicySelectsPodsOfItsOwnNamespaceOnly()
    {
        var cluster = TwoPods().Policy("""
            metadata: {name: deny-all, namespace: x}
            spec: {podSelector: {}, policyTypes: [Ingress]}
            """);

        Assert.True(cluster.Allowed("x/a", "y/b", "80/TCP"));
        Assert.False(cluster.Allowed("y/b", "x/a", "80/TCP"));
    }

    [Fact]
    public void AllowingRule_IsTheFirstInPolicyNameAndRuleOrder()
    {
        var cluster = TwoPods()
            .Policy("""
                metadata: {name: b-second, namespace: y}
                spec: {podSelector: {}, ingress: [{}]}
                """)
            .Policy("""
                metadata: {name: a-first, namespace: y}
                spec:
                  podSelector: {}
                  ingress:
                  - ports: [{port: 443}]
                  - from: [{namespaceSelector: {}}]
                """);

        Assert.Equal("y/a-first ingress[1]", cluster.Verdict("x/a", "y/b", "80/TCP").Ingress.AllowingRule?.ToString());
    }

    [Fact]
    public void VerdictText_SaysBothSidesAndTheAnswer()
    {
        var cluster = TwoPods().Policy("""
            metadata: {name: deny-in, namespace: y}
            spec: {podSelector: {}, policyTypes: [Ingress]}
            """);

        var text = cluster.Verdict("x/a", "y/b", "80/TCP").ToString();

        Assert.StartsWith("x/a -> y/b on 80/TCP: DENIED", text, StringComparison.Ordinal);
        Assert.Contains("egress at x/a: no NetworkPolicy in namespace x selects x/a for Egress", text, StringComparison.Ordinal);
        Assert.Contains("ingress at y/b: y/b is isolated for ingress by y/deny-in", text, StringComparison.Ordinal);
    }

    [Fact]
    public void TheFirstEgressRule_OfAPolicyWithoutPolicyTypes_IsolatesForEgress()
    {
        // Not a widened allow: without policyTypes, a policy governs egress once it has an egress rule, so adding
        // one narrow egress rule cuts every other egress connection of the pods it selects.
        var before = TwoPods().Policy("""
            metadata: {name: p, namespace: x}
            spec: {podSelector: {}, ingress: [{}]}
            """);
        var after = TwoPods().Policy("""
            metadata: {name: p, namespace: x}
            spec:
              podSelector: {}
              ingress: [{}]
              egress: [{ports: [{port: 53, protocol: UDP}]}]
            """);

        Assert.True(before.Allowed("x/a", "y/b", "80/TCP"));
        Assert.False(after.Allowed("x/a", "y/b", "80/TCP"));
    }
}
