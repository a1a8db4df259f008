using System.Text.Json.Nodes;

namespace TenantOperator.Tests.Cli;

/// <summary>
/// <c>diff</c> on two revisions of config/samples. The expected connections are written by hand from the samples and
/// the changes made to them: the planner names a tenant's rule policies tenant-isolation-egress-RULE and
/// tenant-isolation-ingress-RULE in each member namespace, each with one rule.
/// </summary>
public sealed class DiffCommandTests : IDisposable
{
    /// <summary>web may call the payments tenant on 8443: an egress rule in web, appended to its egress list.</summary>
    private const string WebEgressToPayments = """
          - name: payments-api
            to:
            - tenant: payments
            ports:
            - protocol: TCP
              port: 8443
          exemptNamespaces:
        """;

    /// <summary>payments admits web on 8443: the other side of the peering.</summary>
    private const string PaymentsIngressFromWeb = """
        ingress:
        - name: api-from-web
          from:
          - tenant: web
          ports:
          - protocol: TCP
            port: 8443

        """;

    private static readonly string[] PeeringOpens =
    [
        "web-backend -> payments 8443-8443/TCP (Tenant web -> Tenant payments): Egress web-backend/tenant-isolation-egress-payments-api[0], Ingress payments/tenant-isolation-ingress-api-from-web[0]",
        "web-backend -> payments-worker 8443-8443/TCP (Tenant web -> Tenant payments): Egress web-backend/tenant-isolation-egress-payments-api[0], Ingress payments-worker/tenant-isolation-ingress-api-from-web[0]",
        "web-frontend -> payments 8443-8443/TCP (Tenant web -> Tenant payments): Egress web-frontend/tenant-isolation-egress-payments-api[0], Ingress payments/tenant-isolation-ingress-api-from-web[0]",
        "web-frontend -> payments-worker 8443-8443/TCP (Tenant web -> Tenant payments): Egress web-frontend/tenant-isolation-egress-payments-api[0], Ingress payments-worker/tenant-isolation-ingress-api-from-web[0]",
    ];

    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("diff-");

    public void Dispose() => _work.Delete(recursive: true);

    [Fact]
    public async Task PeeringTwoTenants_OpensExactlyTheNewConnections_AndExits3()
    {
        var @base = Samples("base");
        var head = Samples("head", web: WebEgressToPayments, payments: PaymentsIngressFromWeb);

        var run = await CliRun.Of("diff", "--base", @base, "--head", head, "-o", "json");

        Assert.Equal(3, run.ExitCode);
        var report = JsonNode.Parse(run.Output)!;
        Assert.Equal(PeeringOpens, Lines(report["opened"]));
        Assert.Empty(Lines(report["closed"]));
    }

    [Fact]
    public async Task EgressOnOneSideOnly_OpensNothing_BecausePeeringNeedsBothSides()
    {
        var run = await CliRun.Of("diff", "--base", Samples("base"), "--head", Samples("head", web: WebEgressToPayments), "-o", "json");

        Assert.Equal(0, run.ExitCode);
        var report = JsonNode.Parse(run.Output)!;
        Assert.Empty(Lines(report["opened"]));
        Assert.Empty(Lines(report["closed"]));
    }

    [Fact]
    public async Task IdenticalRevisions_Exit0_WithNothingOpenedOrClosed()
    {
        var run = await CliRun.Of("diff", "--base", Samples("base"), "--head", Samples("head"));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("\nOPENED: 0 connection(s) the head allows and the base does not\n", run.Output);
        Assert.Contains("\nCLOSED: 0 connection(s) the base allows and the head does not\n", run.Output);
    }

    [Fact]
    public async Task ClosingOnly_Exits0_AndListsTheClosedConnections()
    {
        var before = Samples("base", web: WebEgressToPayments, payments: PaymentsIngressFromWeb);

        var run = await CliRun.Of("diff", "--base", before, "--head", Samples("head"), "-o", "json");

        Assert.Equal(0, run.ExitCode);
        var report = JsonNode.Parse(run.Output)!;
        Assert.Empty(Lines(report["opened"]));
        Assert.Equal(PeeringOpens, Lines(report["closed"]));
    }

    [Fact]
    public async Task AHandWrittenPolicy_OpensTheTenantToEveryUnisolatedNamespace()
    {
        var head = Samples("head");
        File.Copy(RepositoryPaths.Of("examples", "payments-allow-scrape.yaml"), Path.Combine(head, "payments-allow-scrape.yaml"));

        var run = await CliRun.Of("diff", "--base", Samples("base"), "--head", head, "-o", "json");

        // Tenants' pods are isolated for egress and do not declare 8443 to payments; the exempt web-loadtest, the
        // unclaimed ingress-nginx and kube-system (which the DNS rules name) are not isolated at all.
        Assert.Equal(3, run.ExitCode);
        Assert.Equal(
        [
            "ingress-nginx -> payments 8443-8443/TCP (Namespace ingress-nginx -> Tenant payments): Egress NotIsolated, Ingress payments/allow-scrape[0]",
            "kube-system -> payments 8443-8443/TCP (Namespace kube-system -> Tenant payments): Egress NotIsolated, Ingress payments/allow-scrape[0]",
            "web-loadtest -> payments 8443-8443/TCP (Namespace web-loadtest -> Tenant payments): Egress NotIsolated, Ingress payments/allow-scrape[0]",
        ], Lines(JsonNode.Parse(run.Output)!["opened"]));
    }

    [Fact]
    public async Task TheTextOutput_GroupsByTenant_AndNamesTheRules()
    {
        var run = await CliRun.Of("diff", "--base", Samples("base"), "--head", Samples("head", web: WebEgressToPayments, payments: PaymentsIngressFromWeb));

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("\nOPENED: 4 connection(s) the head allows and the base does not\n  tenant web -> tenant payments\n", run.Output);
        Assert.Contains("\n    web-backend -> payments on 8443/TCP: egress: web-backend/tenant-isolation-egress-payments-api egress[0]; ingress: payments/tenant-isolation-ingress-api-from-web ingress[0]\n", run.Output);
    }

    [Fact]
    public async Task TheJson_HasTheDocumentedShape()
    {
        var run = await CliRun.Of("diff", "--base", Samples("base"), "--head", Samples("head", web: WebEgressToPayments, payments: PaymentsIngressFromWeb), "-o", "json");

        var report = JsonNode.Parse(run.Output)!;
        Assert.Equal(
            """{"fromNamespace":"web-backend","toNamespace":"payments","fromParty":{"kind":"Tenant","name":"web"},"toParty":{"kind":"Tenant","name":"payments"},"protocol":"TCP","port":8443,"endPort":8443,"allowedBy":[{"direction":"Egress","reason":"AllowedByRule","policy":"web-backend/tenant-isolation-egress-payments-api","rule":0},{"direction":"Ingress","reason":"AllowedByRule","policy":"payments/tenant-isolation-ingress-api-from-web","rule":0}]}""",
            report["opened"]![0]!.ToJsonString());
        Assert.Equal(["kind", "schemaVersion", "counts", "opened", "closed", "notes"], report.AsObject().Select(p => p.Key));
        Assert.Equal(("ConnectivityDiff", 1, 4, 0), ((string)report["kind"]!, (int)report["schemaVersion"]!, (int)report["counts"]!["opened"]!, (int)report["counts"]!["closed"]!));
    }

    [Fact]
    public async Task BadInputInARevision_Exits1_WithTheErrorLocated()
    {
        var head = Samples("head", web: "  - name: broken\n    to: [{tenant: payments}]\n    ports: [{port: 70000}]\n  exemptNamespaces:");

        var run = await CliRun.Of("diff", "--base", Samples("base"), "--head", head);

        Assert.Equal((1, ""), (run.ExitCode, run.Output));
        var file = Path.Combine(head, "tenant-web.yaml");
        Assert.Equal($"head: {file}: document 1 (TenantIsolation web): spec.egress[1].ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive", run.ErrorLines[0]);
        Assert.Equal("1 error(s): nothing compared", run.ErrorLines[^1]);
    }

    [Fact]
    public async Task APolicyTheEvaluatorRefuses_Exits1_LocatedInItsFile()
    {
        var head = Samples("head");
        var policy = Path.Combine(head, "open.yaml");
        File.WriteAllText(policy, """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: open, namespace: payments}
            spec:
              podSelector: {}
              ingress:
              - from: [{ipBlock: {cidr: 10.0.0/8}}]
            """);

        var run = await CliRun.Of("diff", "--base", Samples("base"), "--head", head);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(
            [$"head: {policy}: document 1 (NetworkPolicy open): spec.ingress[0].from[0].ipBlock.cidr: Invalid value: \"10.0.0/8\": must be a CIDR such as 10.0.0.0/8 or fd00::/64", "1 error(s): nothing compared"],
            run.ErrorLines);
    }

    [Fact]
    public async Task AnEmptyOrMissingRevision_Exits1()
    {
        var empty = _work.CreateSubdirectory("empty").FullName;

        var emptyRun = await CliRun.Of("diff", "--base", Samples("base"), "--head", empty);
        var missingRun = await CliRun.Of("diff", "--base", Path.Combine(_work.FullName, "nowhere"), "--head", Samples("head"));

        Assert.Equal(1, emptyRun.ExitCode);
        Assert.Equal($"head: {empty}: no objects found: the revision is empty (a directory is read for its *.yaml, *.yml and *.json files, not recursively)", emptyRun.ErrorLines[0]);
        Assert.Equal(1, missingRun.ExitCode);
        Assert.Equal($"base: {Path.Combine(_work.FullName, "nowhere")}: no such file or directory", missingRun.ErrorLines[0]);
    }

    /// <summary>One line per connection, with its rules: what the tests compare against literal expectations.</summary>
    private static List<string> Lines(JsonNode? connections) => [.. connections!.AsArray().Select(c =>
        $"{c!["fromNamespace"]} -> {c["toNamespace"]} {c["port"]}-{c["endPort"]}/{c["protocol"]} ({c["fromParty"]!["kind"]} {c["fromParty"]!["name"]} -> {c["toParty"]!["kind"]} {c["toParty"]!["name"]}): "
        + string.Join(", ", c["allowedBy"]!.AsArray().Select(s => s!["policy"] is { } policy ? $"{s["direction"]} {policy}[{s["rule"]}]" : $"{s["direction"]} {s["reason"]}")))];

    /// <summary>A copy of config/samples, with text put before web's exemptNamespaces and after payments' spec.</summary>
    private string Samples(string name, string? web = null, string? payments = null)
    {
        var directory = _work.CreateSubdirectory(name).FullName;
        foreach (var file in Directory.EnumerateFiles(RepositoryPaths.Of("config", "samples")))
        {
            File.Copy(file, Path.Combine(directory, Path.GetFileName(file)));
        }

        if (web is not null)
        {
            var path = Path.Combine(directory, "tenant-web.yaml");
            File.WriteAllText(path, File.ReadAllText(path).Replace("  exemptNamespaces:", web.TrimEnd('\n'), StringComparison.Ordinal));
        }

        if (payments is not null)
        {
            var path = Path.Combine(directory, "tenant-payments.yaml");
            File.WriteAllText(path, File.ReadAllText(path).TrimEnd('\n') + "\n" + payments.Trim('\n').Replace("\n", "\n  ", StringComparison.Ordinal).Insert(0, "  ") + "\n");
        }

        return directory;
    }
}
