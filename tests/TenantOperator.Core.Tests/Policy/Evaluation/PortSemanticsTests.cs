namespace TenantOperator.Core.Tests.Policy.Evaluation;

/// <summary>Ports: numbers, ranges, names resolved against the destination pod, protocols and their default.</summary>
public class PortSemanticsTests
{
    private static TestCluster WithIngressPorts(string portsYaml) => new TestCluster()
        .Namespace("x")
        .Pod("x/client", "app=client", "10.0.0.1")
        .Pod("x/server", "app=server", "10.0.0.2", "http:8080/TCP,dns:53/UDP,metrics:9090/TCP")
        .Policy($$$"""
            metadata: {name: ports, namespace: x}
            spec:
              podSelector: {matchLabels: {app: server}}
              ingress:
              - ports: {{{portsYaml}}}
            """);

    [Theory]
    [InlineData("80/TCP", true)]
    [InlineData("53/UDP", true)]
    [InlineData("1/SCTP", true)]
    public void EmptyPorts_MatchEveryPortOfEveryProtocol(string port, bool allowed) =>
        Assert.Equal(allowed, WithIngressPorts("[]").Allowed("x/client", "x/server", port));

    [Theory]
    [InlineData("80/TCP", true)]
    [InlineData("80/UDP", false)]
    [InlineData("80/SCTP", false)]
    [InlineData("81/TCP", false)]
    public void ProtocolDefaultsToTcp(string port, bool allowed) =>
        Assert.Equal(allowed, WithIngressPorts("[{port: 80}]").Allowed("x/client", "x/server", port));

    [Theory]
    [InlineData("1/UDP", true)]
    [InlineData("65535/UDP", true)]
    [InlineData("53/TCP", false)]
    public void AProtocolWithoutPort_MatchesEveryPortOfThatProtocol(string port, bool allowed) =>
        Assert.Equal(allowed, WithIngressPorts("[{protocol: UDP}]").Allowed("x/client", "x/server", port));

    [Theory]
    [InlineData("31999/TCP", false)]
    [InlineData("32000/TCP", true)]
    [InlineData("32500/TCP", true)]
    [InlineData("32768/TCP", true)]
    [InlineData("32769/TCP", false)]
    [InlineData("32500/UDP", false)]
    public void EndPort_MakesAnInclusiveRange(string port, bool allowed) =>
        Assert.Equal(allowed, WithIngressPorts("[{port: 32000, endPort: 32768}]").Allowed("x/client", "x/server", port));

    [Theory]
    [InlineData("8080/TCP", true)]   // the server's "http" port
    [InlineData("80/TCP", false)]
    [InlineData("8080/UDP", false)]  // protocol defaults to TCP, and there is no UDP "http" anyway
    public void ANamedIngressPort_ResolvesAgainstTheDestinationsContainerPorts(string port, bool allowed) =>
        Assert.Equal(allowed, WithIngressPorts("[{port: http}]").Allowed("x/client", "x/server", port));

    [Fact]
    public void ANamedPort_MustMatchTheContainerPortsProtocol()
    {
        var cluster = WithIngressPorts("[{port: dns}]"); // dns is UDP on the server; the policy port says TCP

        Assert.False(cluster.Allowed("x/client", "x/server", "53/UDP"));
        Assert.False(cluster.Allowed("x/client", "x/server", "53/TCP"));
        Assert.True(WithIngressPorts("[{port: dns, protocol: UDP}]").Allowed("x/client", "x/server", "53/UDP"));
    }

    [Fact]
    public void ANameNoContainerHas_MatchesNothing_AndTheVerdictSaysWhy()
    {
        var cluster = WithIngressPorts("[{port: grpc}]");

        var verdict = cluster.Verdict("x/client", "x/server", "8080/TCP");

        Assert.False(verdict.Allowed);
        Assert.Equal("x/server is isolated for ingress by x/ports; no ingress rule of it allows 8080/TCP from x/client (1 rule checked)", verdict.Ingress.Reason);
        Assert.Contains(verdict.Notes, n => n == "x/ports ingress[0] names port \"grpc\", but x/server has no TCP container port of that name numbered 8080");
    }

    [Fact]
    public void ANamedEgressPort_ResolvesAgainstTheDestinationPod_NotTheSource()
    {
        var cluster = new TestCluster()
            .Namespace("x")
            .Pod("x/client", "app=client", "10.0.0.1", "http:9999/TCP")
            .Pod("x/server", "app=server", "10.0.0.2", "http:8080/TCP")
            .Pod("x/other", "app=other", "10.0.0.3", "web:8080/TCP")
            .Policy("""
                metadata: {name: egress-http, namespace: x}
                spec:
                  podSelector: {matchLabels: {app: client}}
                  policyTypes: [Egress]
                  egress:
                  - ports: [{port: http}]
                """);

        Assert.True(cluster.Allowed("x/client", "x/server", "8080/TCP"));
        Assert.False(cluster.Allowed("x/client", "x/server", "9999/TCP"));
        Assert.False(cluster.Allowed("x/client", "x/other", "8080/TCP"));
    }

    [Fact]
    public void ANamedEgressPort_CannotMatchAnAddressOutsideTheCluster()
    {
        var cluster = new TestCluster()
            .Namespace("x")
            .Pod("x/client", "app=client", "10.0.0.1", "http:443/TCP")
            .Policy("""
                metadata: {name: egress-http, namespace: x}
                spec:
                  podSelector: {}
                  policyTypes: [Egress]
                  egress:
                  - ports: [{port: http}]
                """);

        var verdict = cluster.Verdict("x/client", "203.0.113.10", "443/TCP");

        Assert.False(verdict.Allowed);
        Assert.Contains(verdict.Notes, n => n.Contains("which only a pod can resolve", StringComparison.Ordinal));
    }

    [Fact]
    public void SctpAndUdpAllows_DoNotOpenTcp()
    {
        var cluster = WithIngressPorts("[{port: 8080, protocol: SCTP}, {port: 8080, protocol: UDP}]");

        Assert.False(cluster.Allowed("x/client", "x/server", "8080/TCP"));
        Assert.True(cluster.Allowed("x/client", "x/server", "8080/SCTP"));
        Assert.True(cluster.Allowed("x/client", "x/server", "8080/UDP"));
    }

    [Fact]
    public void PortsAndPeersOfOneRule_MustBothMatch_ButRulesAddUp()
    {
        var cluster = new TestCluster()
            .Namespace("x")
            .Pod("x/a", "app=a", "10.0.0.1").Pod("x/b", "app=b", "10.0.0.2").Pod("x/server", "app=server", "10.0.0.3")
            .Policy("""
                metadata: {name: two-rules, namespace: x}
                spec:
                  podSelector: {matchLabels: {app: server}}
                  ingress:
                  - from: [{podSelector: {matchLabels: {app: a}}}]
                    ports: [{port: 80}]
                  - from: [{podSelector: {matchLabels: {app: b}}}]
                    ports: [{port: 443}]
                """);

        Assert.True(cluster.Allowed("x/a", "x/server", "80/TCP"));
        Assert.False(cluster.Allowed("x/a", "x/server", "443/TCP"));
        Assert.True(cluster.Allowed("x/b", "x/server", "443/TCP"));
        Assert.False(cluster.Allowed("x/b", "x/server", "80/TCP"));
        Assert.Equal("x/two-rules ingress[1]", cluster.Verdict("x/b", "x/server", "443/TCP").Ingress.AllowingRule?.ToString());
    }
}
