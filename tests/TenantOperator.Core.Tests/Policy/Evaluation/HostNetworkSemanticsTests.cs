using TenantOperator.Policy.Evaluation;

namespace TenantOperator.Core.Tests.Policy.Evaluation;

/// <summary>
/// Host-network pods, evaluated as the most common CNI behaviour documented upstream: NetworkPolicy does not isolate
/// them, selectors do not match them as peers, their traffic carries the node's address (which ipBlocks do match),
/// and traffic between a pod and its own node is always allowed.
/// </summary>
public class HostNetworkSemanticsTests
{
    private static TestCluster Cluster() => new TestCluster()
        .Namespace("x").Namespace("monitoring")
        .Pod("x/app", "app=web", "10.0.0.1", "http:8080/TCP", node: "node-1")
        .Pod("monitoring/node-exporter", "app=exporter", "192.168.1.11", "metrics:9100/TCP", hostNetwork: true, node: "node-1")
        .Pod("monitoring/agent", "app=agent", "192.168.1.12", hostNetwork: true, node: "node-2");

    [Fact]
    public void AHostNetworkPod_IsNotIsolatedByPoliciesSelectingIt()
    {
        var cluster = Cluster().Policy("""
            metadata: {name: deny-all, namespace: monitoring}
            spec: {podSelector: {}, policyTypes: [Ingress, Egress]}
            """);

        var verdict = cluster.Verdict("x/app", "monitoring/node-exporter", "9100/TCP");

        Assert.True(verdict.Allowed);
        Assert.Equal(DirectionOutcome.HostNetwork, verdict.Ingress.Outcome);
        Assert.Contains(verdict.Notes, n => n.StartsWith("monitoring/node-exporter uses the host network", StringComparison.Ordinal));
        Assert.True(cluster.Allowed("monitoring/agent", "x/app", "8080/TCP"));
    }

    [Fact]
    public void SelectorsNeverMatchAHostNetworkPod_ButIpBlocksMatchItsNodeAddress()
    {
        var bySelector = Cluster().Policy("""
            metadata: {name: from-monitoring, namespace: x}
            spec:
              podSelector: {}
              ingress:
              - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}}]
            """);
        var byAddress = Cluster().Policy("""
            metadata: {name: from-nodes, namespace: x}
            spec:
              podSelector: {}
              ingress:
              - from: [{ipBlock: {cidr: 192.168.1.0/24}}]
            """);

        Assert.False(bySelector.Allowed("monitoring/agent", "x/app", "8080/TCP"));
        Assert.True(byAddress.Allowed("monitoring/agent", "x/app", "8080/TCP"));
    }

    [Fact]
    public void TrafficBetweenAPodAndItsOwnNode_IsAlwaysAllowed()
    {
        var cluster = Cluster().Policy("""
            metadata: {name: deny-all, namespace: x}
            spec: {podSelector: {}, policyTypes: [Ingress, Egress]}
            """);

        var fromNode = cluster.Verdict("monitoring/node-exporter", "x/app", "8080/TCP");
        Assert.True(fromNode.Allowed);
        Assert.Equal(DirectionOutcome.NodeLocal, fromNode.Ingress.Outcome);
        Assert.True(cluster.Allowed("x/app", "monitoring/node-exporter", "9100/TCP"));

        // The agent runs on another node: the deny-all holds both ways.
        Assert.False(cluster.Allowed("monitoring/agent", "x/app", "8080/TCP"));
        Assert.False(cluster.Allowed("x/app", "monitoring/agent", "9100/TCP"));
    }

    [Fact]
    public void AHostNetworkPodsAddress_IsNotResolvedToThePod()
    {
        var verdict = Cluster().Verdict("192.168.1.12", "x/app", "8080/TCP");

        Assert.Equal("192.168.1.12", verdict.Source);
        Assert.Equal(DirectionOutcome.NotAPod, verdict.Egress.Outcome);
    }
}
