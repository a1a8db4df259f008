using TenantOperator.LocalApiServer.Tests.Support;

namespace TenantOperator.LocalApiServer.Tests.BuiltIns;

/// <summary>
/// The real kubectl against what this server now enforces: re-applying what <c>kubectl get -o yaml</c> prints (a
/// <c>List</c>, which sends kubectl to <c>/openapi/v2</c>), and refusals of built-in kinds printed as on a cluster.
/// </summary>
public sealed class KubectlBuiltInsEndToEndTests : KubectlAgainstLocalServer
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    [Fact]
    public async Task GetAsYamlPipedIntoApply_ReappliesTheList()
    {
        (await Kubectl.RunAsync("apply", "-f", Fixture("tenantisolations-crd.yaml"))).ShouldSucceed();
        (await Kubectl.RunAsync("apply", "-f", Fixture("tenant-team-a.yaml"))).ShouldSucceed();
        var list = (await Kubectl.RunAsync("get", "ti", "-o", "yaml")).ShouldSucceed().Stdout;
        Assert.Contains("kind: List", list);

        // kubectl validates a List against /openapi/v2 first; then it re-applies each item. Only the
        // last-applied-configuration annotation changes (it now holds the whole object), as on a cluster.
        var applied = (await Kubectl.RunWithInputAsync(list, "apply", "-f", "-")).ShouldSucceed();
        Assert.Contains("tenantisolation.isolation.tenantoperator.io/team-a configured", applied.Stdout);
        Assert.DoesNotContain("mime", applied.Stderr);
        var generation = (await Kubectl.RunAsync("get", "ti", "team-a", "-o", "jsonpath={.metadata.generation}")).ShouldSucceed();
        Assert.Equal("1", generation.Stdout);
    }

    [Fact]
    public async Task GetAsYamlPipedIntoApply_ReappliesBuiltInsThroughTheirDefaults()
    {
        const string policy = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: web, namespace: default}
            spec:
              podSelector: {matchLabels: {app: web}}
              egress:
              - ports: [{port: 443}]
            """;
        (await Kubectl.RunWithInputAsync(policy, "apply", "-f", "-")).ShouldSucceed();
        var list = (await Kubectl.RunAsync("get", "netpol", "-n", "default", "-o", "yaml")).ShouldSucceed().Stdout;
        Assert.Contains("protocol: TCP", list);
        Assert.Contains("- Egress", list);

        var applied = (await Kubectl.RunWithInputAsync(list, "apply", "-f", "-")).ShouldSucceed();
        Assert.Contains("networkpolicy.networking.k8s.io/web configured", applied.Stdout);

        // The defaults the server added came back unchanged: the spec, and so the generation, stayed as they were.
        var generation = (await Kubectl.RunAsync("get", "netpol", "web", "-n", "default", "-o", "jsonpath={.metadata.generation} {.spec.policyTypes}")).ShouldSucceed();
        Assert.Equal("1 [\"Ingress\",\"Egress\"]", generation.Stdout);
    }

    [Fact]
    public async Task Explain_ListsTheFieldsOfABuiltInKind()
    {
        var explained = (await Kubectl.RunAsync("explain", "networkpolicy.spec.ingress.ports")).ShouldSucceed();
        Assert.Contains("GROUP:      networking.k8s.io", explained.Stdout);
        Assert.Matches(@"(?m)^FIELD: ports <\[\]Object>$", explained.Stdout);
        Assert.Matches(@"(?m)^  endPort\s+<integer>$", explained.Stdout);
        Assert.Matches(@"(?m)^  port\s+<string>$", explained.Stdout);
        Assert.Matches(@"(?m)^  protocol\s+<string>$", explained.Stdout);
    }

    [Fact]
    public async Task InvalidNetworkPolicy_IsRefusedAsKubectlPrintsIt()
    {
        const string policy = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: wide, namespace: default}
            spec:
              podSelector: {}
              ingress:
              - from: [{ipBlock: {cidr: 10.0.0.0/33}}]
                ports: [{port: 70000}]
            """;
        var result = await Kubectl.RunWithInputAsync(policy, "apply", "-f", "-");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains(
            "The NetworkPolicy \"wide\" is invalid: \n* spec.ingress[0].ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive\n* spec.ingress[0].from[0].ipBlock.cidr: Invalid value: \"10.0.0.0/33\": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)",
            result.Stderr);
    }

    [Fact]
    public async Task ConfigMapWithANumber_IsRefusedAsABadRequest()
    {
        var body = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","namespace":"default"},"data":{"a":1}}""";
        var result = await Kubectl.RunWithInputAsync(body, "create", "-f", "-");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains(
            "Error from server (BadRequest): error when creating \"STDIN\": ConfigMap in version \"v1\" cannot be handled as a ConfigMap: json: cannot unmarshal number into Go struct field ConfigMap.data of type string",
            result.Stderr);
    }
}
