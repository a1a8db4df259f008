using System.Text.Json.Nodes;

namespace TenantOperator.Tests.Cli;

public class AuditCommandTests
{
    private static readonly string Samples = RepositoryPaths.Of("config", "samples");
    private static readonly string Examples = RepositoryPaths.Of("examples");
    private static readonly string ExampleCluster = RepositoryPaths.Of("examples", "cluster.yaml");

    [Fact]
    public async Task Example_ShowsTheTenantWrittenPolicyAsABreach_AndExitsThree()
    {
        var run = await CliRun.Of("audit", "-f", Samples, "-f", Examples, "--plan");

        Assert.Equal(3, run.ExitCode);
        Assert.Equal("", run.Error);
        Assert.Contains("BREACHES: 4 connection(s) across a tenant boundary that no TenantIsolation declares", run.Output);
        Assert.Contains("""
              opened by payments/allow-scrape ingress[0]: 4 connection(s)
                ingress-nginx/controller-0 (namespace ingress-nginx) -> payments/payments-api-0 (tenant payments) on 8443/TCP
                kube-system/coredns-0 (namespace kube-system) -> payments/payments-api-0 (tenant payments) on 8443/TCP
                monitoring/prometheus-0 (namespace monitoring) -> payments/payments-api-0 (tenant payments) on 8443/TCP
                web-loadtest/loadgen-0 (namespace web-loadtest) -> payments/payments-api-0 (tenant payments) on 8443/TCP
            """, run.Output);
        Assert.Contains("  tenant web               tenant shared-services  8200/TCP (2)", run.Output);
    }

    [Fact]
    public async Task SamplesWithoutTheHandWrittenPolicy_HaveNoBreach_AndExitZero()
    {
        var run = await CliRun.Of("audit", "-f", Samples, "-f", ExampleCluster, "--plan");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("No breach: every probed connection across a tenant boundary is declared by the TenantIsolations.", run.Output);
    }

    [Fact]
    public async Task WithoutPlan_AGitOpsRepositoryIsAuditedAsGiven_AndTheWarningSaysHowToPlan()
    {
        var run = await CliRun.Of("audit", "-f", Samples, "-f", ExampleCluster);

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("warning: tenant web: none of its 10 planned policies is in the input, so its namespaces are audited without them; pass --plan to audit the policies the operator would write", run.ErrorLines);
        Assert.Contains("opened by no egress isolation in namespace web-frontend and no ingress isolation in namespace payments", run.Output);
    }

    [Fact]
    public async Task Json_IsOneStableObject_WithConnectionsForEveryPodPairAndPort_AndBreaches()
    {
        var run = await CliRun.Of("audit", "-f", Samples, "-f", Examples, "--plan", "-o", "json", "--pods", "--ports", "8443/TCP,53/UDP");
        var report = JsonNode.Parse(run.Output)!.AsObject();

        Assert.Equal(3, run.ExitCode);
        Assert.Equal(
            ["kind", "schemaVersion", "planned", "counts", "ports", "tenants", "matrix", "connections", "breaches", "warnings"],
            report.Select(p => p.Key));
        Assert.Equal("AuditReport", (string?)report["kind"]);
        Assert.Equal(1, (int)report["schemaVersion"]!);
        var connections = report["connections"]!.AsArray();
        Assert.Equal(10 * 10 * 2, connections.Count);
        Assert.Contains(connections, c => c!.ToJsonString() == """{"from":"monitoring/prometheus-0","to":"payments/payments-api-0","port":8443,"protocol":"TCP","allowed":true}""");
        Assert.Contains(connections, c => c!.ToJsonString() == """{"from":"web-frontend/web-0","to":"kube-system/coredns-0","port":53,"protocol":"UDP","allowed":true}""");
        Assert.Contains(connections, c => c!.ToJsonString() == """{"from":"web-frontend/web-0","to":"payments/payments-api-0","port":8443,"protocol":"TCP","allowed":false}""");
        var breaches = report["breaches"]!.AsArray();
        Assert.Equal(4, breaches.Count);
        Assert.Equal(
            """{"from":"monitoring/prometheus-0","to":"payments/payments-api-0","port":8443,"protocol":"TCP","fromParty":{"kind":"Namespace","name":"monitoring"},"toParty":{"kind":"Tenant","name":"payments"},"openedBy":[{"direction":"Ingress","pod":"payments/payments-api-0","reason":"AllowedByRule","policy":"payments/allow-scrape","rule":0}]}""",
            breaches[2]!.ToJsonString());
        Assert.Equal(4, (int)report["counts"]!["breaches"]!);
    }

    [Fact]
    public async Task Pods_PrintsAMatrixPerPort()
    {
        var run = await CliRun.Of("audit", "-f", Samples, "-f", Examples, "--plan", "--pods", "--ports", "8443");

        Assert.Contains("POD MATRIX", run.Output);
        // Unisolated namespaces reach each other and, through allow-scrape, payments-api-0 (column 4); nothing else does.
        Assert.Contains("    3 monitoring/prometheus-0      .  .  .  .  X  X  X  X  X  .", run.Output);
        Assert.Contains("    9 web-frontend/web-0           X  X  X  X  X  X  X  .  .  X", run.Output);
    }

    [Fact]
    public async Task TenantsWithoutPods_SayThatNothingWasProbed()
    {
        var run = await CliRun.Of("audit", "-f", Samples, "--plan");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("warning: the input holds no running pod, so no connection was probed: give the cluster's pods too (kubectl get pods -A -o yaml), or audit it live with --kubeconfig", run.ErrorLines);
        Assert.Contains("Ports probed: none (no pod declares a container port; see --ports).", run.Output);
    }

    [Fact]
    public async Task AKubectlListDump_IsReadLikeSeparateDocuments()
    {
        using var files = new AuditManifestFiles();
        var list = files.Write("dump.yaml", """
            apiVersion: v1
            kind: List
            items:
            - apiVersion: v1
              kind: Pod
              metadata: {name: a, namespace: team-a}
              spec: {containers: [{name: main, ports: [{containerPort: 80}]}]}
              status: {podIP: 10.0.0.1}
            - apiVersion: v1
              kind: Pod
              metadata: {name: b, namespace: team-b}
              spec: {containers: [{name: main, ports: [{containerPort: 80}]}]}
              status: {podIP: 10.0.0.2}
            - apiVersion: isolation.tenantoperator.io/v1alpha1
              kind: TenantIsolation
              metadata: {name: team-a}
              spec: {namespaces: [team-a]}
            - apiVersion: apps/v1
              kind: Deployment
              metadata: {name: web, namespace: team-a}
            """);

        var run = await CliRun.Of("audit", "-f", list, "--plan", "-o", "json");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"note: skipped 1 apps/v1 Deployment object(s) (first: {list}: document 1 (Deployment web)): audit reads only Namespaces, Pods, NetworkPolicies and TenantIsolations", run.ErrorLines);
        Assert.Contains("warning: no Namespace object for team-a, team-b: assumed with only the kubernetes.io/metadata.name label, so namespaceSelectors on other labels do not match them", run.ErrorLines);
        Assert.Equal(2, (int)JsonNode.Parse(run.Output)!["counts"]!["pods"]!);
    }

    [Theory]
    [InlineData("""
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: open, namespace: team-a}
        spec:
          podSelector: {}
          ingress: [{from: [{ipBlock: {cidr: 10.0.0/8}}]}]
        """, "document 1 (NetworkPolicy open): spec.ingress[0].from[0].ipBlock.cidr: Invalid value: \"10.0.0/8\"")]
    [InlineData("""
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: bad-selector, namespace: team-a}
        spec:
          podSelector: {matchExpressions: [{key: app, operator: Equals, values: [a]}]}
        """, "document 1 (NetworkPolicy bad-selector): spec.podSelector.matchExpressions[0].operator")]
    [InlineData("""
        apiVersion: v1
        kind: Pod
        metadata: {name: web, namespace: team-a}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: web, namespace: team-a}
        """, "document 2 (Pod web): duplicate object: Pod team-a/web is also defined at ")]
    [InlineData("""
        apiVersion: networking.k8s.io/v1beta1
        kind: NetworkPolicy
        metadata: {name: old, namespace: team-a}
        """, "document 1 (NetworkPolicy old): apiVersion: Unsupported value: \"networking.k8s.io/v1beta1\": use networking.k8s.io/v1")]
    [InlineData("""
        apiVersion: isolation.tenantoperator.io/v1alpha1
        kind: TenantIsolation
        metadata: {name: team-a}
        spec: {namespaces: [team-a], egress: [{name: out, to: [{ipBlock: {cidr: 300.0.0.0/8}}]}]}
        """, "document 1 (TenantIsolation team-a): spec.egress[0].to[0].ipBlock.cidr")]
    [InlineData("""
        metadata: {name: nameless}
        """, "document 1: kind: Required value: every object needs apiVersion and kind")]
    [InlineData("""
        apiVersion: v1
        kind: Pod
        metadata: {name: web, namespace: team-a}
        spec: {containers: [{name: main, ports: [{containerPort: "eighty"}]}]}
        """, "document 1 (Pod web): spec.containers[0].ports[0].containerPort: Invalid value: \"eighty\": the value has the wrong type")]
    public async Task BadInput_IsNamedByFileAndObject_AndExitsOne(string yaml, string expected)
    {
        using var files = new AuditManifestFiles();
        var path = files.Write("bad.yaml", yaml);

        var run = await CliRun.Of("audit", "-f", path);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Output);
        Assert.Contains(run.ErrorLines, l => l.StartsWith($"{path}: ", StringComparison.Ordinal) && l.Contains(expected, StringComparison.Ordinal));
        Assert.EndsWith("nothing audited", run.ErrorLines[^1]);
        Assert.DoesNotContain("   at ", run.Error); // never a stack trace
    }

    [Fact]
    public async Task MalformedYaml_IsLocated()
    {
        var path = RepositoryPaths.Of("tests", "TenantOperator.Tests", "Cli", "Fixtures", "malformed.yaml");

        var run = await CliRun.Of("audit", "-f", path);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(run.ErrorLines, l => l.StartsWith($"{path}: document 2: line 10, column 1: ", StringComparison.Ordinal) && l.Contains("malformed YAML", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(new[] { "audit" }, "error: nothing to audit: give -f FILE|DIR (manifests), or --kubeconfig PATH (a live cluster); inside a pod the in-cluster configuration is used")]
    [InlineData(new[] { "audit", "-f", "x.yaml", "--kubeconfig", "k" }, "error: give either -f (files) or --kubeconfig (a live cluster), not both")]
    [InlineData(new[] { "audit", "-f", "no-such-dir" }, "no-such-dir: no such file or directory")]
    [InlineData(new[] { "audit", "--kubeconfig", "/no/such/kubeconfig" }, "error: kubeconfig /no/such/kubeconfig: ")]
    [InlineData(new[] { "audit", "-f", "x", "--ports", "80/TCP,http" }, "--ports: Invalid value: \"http\" is not a port")]
    public async Task MissingOrContradictoryInput_ExitsOneWithAClearError(string[] args, string expected)
    {
        var run = await CliRun.Of(args);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(run.ErrorLines, l => l.StartsWith(expected, StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", run.Error);
    }
}
