using k8s.Models;
using TenantOperator.Policy.Evaluation;

namespace TenantOperator.Core.Tests.Policy.Evaluation;

/// <summary>Malformed or duplicated input is refused with a message naming the object, the field and the value.</summary>
public class InputValidationTests
{
    private static InvalidClusterObjectException RefusedPolicy(string spec)
    {
        var cluster = new TestCluster().Namespace("x").Pod("x/a", "app=a", "10.0.0.1").Policy($$"""
            metadata: {name: bad, namespace: x}
            spec:
            {{spec}}
            """);
        return Assert.Throws<InvalidClusterObjectException>(() => cluster.Evaluator);
    }

    [Theory]
    [InlineData(
        "  podSelector: {matchExpressions: [{key: app, operator: Has}]}",
        "NetworkPolicy x/bad: spec.podSelector.matchExpressions[0].operator: Unsupported value: \"Has\": supported values: \"In\", \"NotIn\", \"Exists\", \"DoesNotExist\"")]
    [InlineData(
        "  ingress: [{from: [{podSelector: {matchExpressions: [{key: app, operator: In}]}}]}]",
        "NetworkPolicy x/bad: spec.ingress[0].from[0].podSelector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'")]
    [InlineData(
        "  egress: [{to: [{ipBlock: {cidr: 10.0.0/8}}]}]",
        "NetworkPolicy x/bad: spec.egress[0].to[0].ipBlock.cidr: Invalid value: \"10.0.0/8\": must be a CIDR such as 10.0.0.0/8 or fd00::/64")]
    [InlineData(
        "  egress: [{to: [{ipBlock: {cidr: 10.0.0.0/33}}]}]",
        "NetworkPolicy x/bad: spec.egress[0].to[0].ipBlock.cidr: Invalid value: \"10.0.0.0/33\": must be a CIDR such as 10.0.0.0/8 or fd00::/64")]
    [InlineData(
        "  ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/8, except: [192.168.0.0/16]}}]}]",
        "NetworkPolicy x/bad: spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: \"192.168.0.0/16\": must be a strict subset of `cidr` (10.0.0.0/8)")]
    [InlineData(
        "  ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.0.0.0/8]}}]}]",
        "NetworkPolicy x/bad: spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: \"10.0.0.0/8\": must be a strict subset of `cidr` (10.0.0.0/8)")]
    [InlineData(
        "  ingress: [{from: [{}]}]",
        "NetworkPolicy x/bad: spec.ingress[0].from[0]: Required value: must specify a peer")]
    [InlineData(
        "  ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/8}, podSelector: {}}]}]",
        "NetworkPolicy x/bad: spec.ingress[0].from[0]: Forbidden: may not specify more than 1 peer type (ipBlock cannot be combined with podSelector or namespaceSelector)")]
    [InlineData(
        "  ingress: [{ports: [{protocol: ICMP}]}]",
        "NetworkPolicy x/bad: spec.ingress[0].ports[0].protocol: Unsupported value: \"ICMP\": supported values: \"TCP\", \"UDP\", \"SCTP\"")]
    [InlineData(
        "  ingress: [{ports: [{protocol: tcp}]}]",
        "NetworkPolicy x/bad: spec.ingress[0].ports[0].protocol: Unsupported value: \"tcp\": supported values: \"TCP\", \"UDP\", \"SCTP\"")]
    [InlineData(
        "  ingress: [{ports: [{port: 0}]}]",
        "NetworkPolicy x/bad: spec.ingress[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive")]
    [InlineData(
        "  ingress: [{ports: [{port: 8080, endPort: 80}]}]",
        "NetworkPolicy x/bad: spec.ingress[0].ports[0].endPort: Invalid value: 80: must be greater than or equal to `port` and at most 65535")]
    [InlineData(
        "  ingress: [{ports: [{port: http, endPort: 90}]}]",
        "NetworkPolicy x/bad: spec.ingress[0].ports[0].endPort: Forbidden: may not be specified when `port` is a name")]
    [InlineData(
        "  ingress: [{ports: [{endPort: 90}]}]",
        "NetworkPolicy x/bad: spec.ingress[0].ports[0].endPort: Forbidden: may not be specified when `port` is not specified")]
    [InlineData(
        "  ingress: [{ports: [{port: Not_A_Name}]}]",
        "NetworkPolicy x/bad: spec.ingress[0].ports[0].port: Invalid value: \"Not_A_Name\": must be a port number or a port name (at most 15 lower-case letters, digits and '-', with at least one letter, no '-' at either end and no '--')")]
    [InlineData(
        "  policyTypes: [Ingress, Outbound]",
        "NetworkPolicy x/bad: spec.policyTypes[1]: Unsupported value: \"Outbound\": supported values: \"Ingress\", \"Egress\"")]
    public void AMalformedPolicy_IsRefusedWithItsField(string spec, string message) =>
        Assert.Equal(message, RefusedPolicy(spec).Message);

    [Fact]
    public void TheExceptionCarriesItsPartsSeparately()
    {
        var ex = RefusedPolicy("  egress: [{to: [{ipBlock: {cidr: nonsense}}]}]");

        Assert.Equal("NetworkPolicy", ex.Kind);
        Assert.Equal("x/bad", ex.ObjectName);
        Assert.Equal("spec.egress[0].to[0].ipBlock.cidr", ex.Field);
    }

    [Fact]
    public void APolicyWithoutNamespace_IsRefused()
    {
        var cluster = new TestCluster().Policy("""
            metadata: {name: loose}
            spec: {podSelector: {}}
            """);

        var ex = Assert.Throws<InvalidClusterObjectException>(() => cluster.Evaluator);
        Assert.StartsWith("NetworkPolicy loose: metadata.namespace: Required value", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void APodWithoutNamespace_IsRefused()
    {
        var pod = new V1Pod { Metadata = new V1ObjectMeta { Name = "lonely" } };

        var ex = Assert.Throws<InvalidClusterObjectException>(() => NetworkPolicyEvaluator.Compile([], [pod], []));
        Assert.StartsWith("Pod lonely: metadata.namespace: Required value", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ANamespaceWithoutName_IsRefused()
    {
        var ex = Assert.Throws<InvalidClusterObjectException>(() => NetworkPolicyEvaluator.Compile([new V1Namespace()], [], []));
        Assert.Equal("Namespace <unnamed>: metadata.name: Required value: a Namespace needs a name", ex.Message);
    }

    [Fact]
    public void DuplicateObjects_AreRefused()
    {
        var twoPods = new TestCluster().Pod("x/a").Pod("x/a");
        var twoPolicies = new TestCluster()
            .Policy("metadata: {name: p, namespace: x}\nspec: {podSelector: {}}")
            .Policy("metadata: {name: p, namespace: x}\nspec: {podSelector: {}}");
        var twoNamespaces = new TestCluster().Namespace("x").Namespace("x");

        Assert.Equal("Pod x/a: duplicate: the input holds two Pods with this namespace and name",
            Assert.Throws<InvalidClusterObjectException>(() => twoPods.Evaluator).Message);
        Assert.Equal("NetworkPolicy x/p: duplicate: the input holds two NetworkPolicies with this namespace and name",
            Assert.Throws<InvalidClusterObjectException>(() => twoPolicies.Evaluator).Message);
        Assert.Equal("Namespace x: duplicate: the input holds two Namespaces with this name",
            Assert.Throws<InvalidClusterObjectException>(() => twoNamespaces.Evaluator).Message);
    }

    [Fact]
    public void AnInvalidPodAddress_IsRefused()
    {
        var cluster = new TestCluster().Pod("x/a", ips: "10.0.0.300");

        Assert.Equal("Pod x/a: status.podIPs[0].ip: Invalid value: \"10.0.0.300\": must be an IPv4 or IPv6 address",
            Assert.Throws<InvalidClusterObjectException>(() => cluster.Evaluator).Message);
    }

    [Fact]
    public void AnInvalidContainerPortProtocol_IsRefused()
    {
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "a", NamespaceProperty = "x" },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Ports = [new V1ContainerPort { ContainerPort = 80, Protocol = "HTTP" }] }] },
        };

        var ex = Assert.Throws<InvalidClusterObjectException>(() => NetworkPolicyEvaluator.Compile([], [pod], []));
        Assert.StartsWith("Pod x/a: spec.containers[0].ports[0].protocol: Unsupported value: \"HTTP\"", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AskingAboutAnUnknownPod_OrASharedAddress_IsAnError()
    {
        var cluster = new TestCluster().Namespace("x").Pod("x/a", ips: "10.0.0.1").Pod("x/stale", ips: "10.0.0.1");

        Assert.Equal("no pod x/nope in the input (Parameter 'endpoint')",
            Assert.Throws<ArgumentException>(() => cluster.Evaluator.Evaluate(Endpoint.Parse("x/nope"), Endpoint.Parse("x/a"), ProtocolPort.Tcp(80))).Message);
        Assert.StartsWith("address 10.0.0.1 belongs to several pods (x/a, x/stale); name the pod instead",
            Assert.Throws<ArgumentException>(() => cluster.Evaluator.Evaluate(Endpoint.Parse("10.0.0.1"), Endpoint.Parse("x/a"), ProtocolPort.Tcp(80))).Message,
            StringComparison.Ordinal);
        Assert.Throws<KeyNotFoundException>(() => cluster.Evaluator.GetPodIndex("x", "nope"));
    }
}
