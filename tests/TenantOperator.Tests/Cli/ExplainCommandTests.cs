using System.Text.Json.Nodes;

namespace TenantOperator.Tests.Cli;

public class ExplainCommandTests
{
    private static readonly string Samples = RepositoryPaths.Of("config", "samples");
    private static readonly string Examples = RepositoryPaths.Of("examples");

    [Fact]
    public async Task ABreach_IsExplained_WithTheRuleThatOpensIt()
    {
        var run = await CliRun.Of("explain", "-f", Samples, "-f", Examples, "--plan",
            "--from", "monitoring/prometheus-0", "--to", "payments/payments-api-0", "--port", "8443/TCP");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("""
            monitoring/prometheus-0 -> payments/payments-api-0 on 8443/TCP: ALLOWED
              egress at monitoring/prometheus-0: no NetworkPolicy in namespace monitoring selects monitoring/prometheus-0 for Egress, so it is not isolated for egress
              ingress at payments/payments-api-0: payments/payments-api-0 is isolated for ingress by payments/allow-scrape, payments/tenant-isolation-default-deny, payments/tenant-isolation-intra-tenant; payments/allow-scrape ingress[0] allows 8443/TCP from monitoring/prometheus-0
              tenants: namespace monitoring -> tenant payments (across a tenant boundary)
              declared: no: no TenantIsolation declares it, so audit reports it as a breach
              opened by: ingress at payments/payments-api-0: payments/allow-scrape ingress[0]

            """, run.Output);
    }

    [Fact]
    public async Task ADeniedConnection_SaysThatNoRuleAllowsIt()
    {
        var run = await CliRun.Of("explain", "-f", Samples, "-f", Examples, "--plan",
            "--from", "web-frontend/web-0", "--to", "10.244.8.10", "--port", "5432");

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("web-frontend/web-0 -> shared-db/postgres-0 on 5432/TCP: DENIED", run.Output);
        Assert.Contains("no egress rule of theirs allows 5432/TCP to shared-db/postgres-0 (3 rules checked)", run.Output);
        Assert.Contains("note: 10.244.8.10 is the address of pod shared-db/postgres-0, so it is evaluated as that pod", run.Output);
        Assert.Contains("declared: no: and the cluster denies it", run.Output);
    }

    [Fact]
    public async Task APodWithoutAnAddress_IsNotMatchedByAnIpBlock_AndExplainSaysSo()
    {
        using var files = new AuditManifestFiles();
        var path = files.Write("cluster.yaml", """
            apiVersion: isolation.tenantoperator.io/v1alpha1
            kind: TenantIsolation
            metadata: {name: team-a}
            spec:
              namespaces: [team-a]
              ingress: [{name: from-office, from: [{ipBlock: {cidr: 10.0.0.0/8}}]}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: client, namespace: other}
            status: {phase: Pending}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: server, namespace: team-a}
            status: {phase: Running, podIP: 10.1.0.1}
            """);

        var run = await CliRun.Of("explain", "-f", path, "--plan", "--from", "other/client", "--to", "team-a/server", "--port", "80");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("other/client -> team-a/server on 80/TCP: DENIED", run.Output);
        Assert.Contains("note: other/client has no IP: ipBlock peers cannot match it (team-a/tenant-isolation-ingress-from-office ingress[0])", run.Output);
    }

    [Fact]
    public async Task Json_CarriesBothSides_AndTheTenantMap()
    {
        var run = await CliRun.Of("explain", "-f", Samples, "-f", Examples, "--plan",
            "--from", "web-frontend/web-0", "--to", "shared-vault/vault-0", "--port", "8200/TCP", "-o", "json");
        var json = JsonNode.Parse(run.Output)!;

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("ConnectionExplanation", (string?)json["kind"]);
        Assert.True((bool)json["allowed"]!);
        Assert.Equal("""{"policy":"web-frontend/tenant-isolation-egress-vault","direction":"Egress","rule":0}""", json["egress"]!["allowingRule"]!.ToJsonString());
        Assert.Equal("""{"policy":"shared-vault/tenant-isolation-ingress-vault-from-web","direction":"Ingress","rule":0}""", json["ingress"]!["allowingRule"]!.ToJsonString());
        Assert.Equal("""{"kind":"Tenant","name":"web"}""", json["fromParty"]!.ToJsonString());
        Assert.True((bool)json["acrossBoundary"]! && (bool)json["declared"]! && !(bool)json["breach"]!);
    }

    [Theory]
    [InlineData("--from", "nowhere/pod", "error: no pod nowhere/pod in the input")]
    [InlineData("--port", "70000", "--port: Invalid value: \"70000\" is not a port: expected PORT or PORT/PROTOCOL with PORT between 1 and 65535, e.g. 80/TCP")]
    [InlineData("--to", "not an endpoint", "--to: Invalid value: \"not an endpoint\" is neither NAMESPACE/POD nor an IP address")]
    public async Task BadEndpointsAndPorts_ExitOneWithAClearError(string option, string value, string expected)
    {
        var args = new Dictionary<string, string> { ["--from"] = "web-frontend/web-0", ["--to"] = "shared-vault/vault-0", ["--port"] = "8200", [option] = value };

        var run = await CliRun.Of(["explain", "-f", Samples, "-f", Examples, .. args.SelectMany(a => new[] { a.Key, a.Value })]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(expected, run.ErrorLines);
    }
}
