using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace TenantOperator.Tests.Cli;

public class RenderCommandTests
{
    private static readonly string GoldenFile = RepositoryPaths.Of("tests", "TenantOperator.Tests", "Cli", "Golden", "samples.render.yaml");

    [Fact]
    public async Task Samples_RenderTheReviewedGoldenPolicies()
    {
        var run = await CliRun.Of("render", "-f", RepositoryPaths.Of("config", "samples"));

        Assert.Equal(0, run.ExitCode);
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            // Regenerating never passes: a run that wrote the golden file has checked nothing against it.
            await File.WriteAllTextAsync(GoldenFile, run.Output);
            Assert.Fail($"UPDATE_GOLDEN=1: wrote {GoldenFile}; review it with git diff, then run the tests again without UPDATE_GOLDEN.");
        }

        Assert.True(await File.ReadAllTextAsync(GoldenFile) == run.Output,
            "render of config/samples differs from tests/TenantOperator.Tests/Cli/Golden/samples.render.yaml; review the difference, then regenerate with UPDATE_GOLDEN=1 (that run fails by design) and run again.");
        Assert.Equal(["note: tenant web: namespace web-loadtest excluded: Exempt: load test until 2026-12-01"], run.ErrorLines);
    }

    [Fact]
    public async Task Samples_AreNetworkPoliciesKubectlCanRead()
    {
        var run = await CliRun.Of("render", "-f", RepositoryPaths.Of("config", "samples"));
        var objects = KubernetesYaml.LoadAllFromString(run.Output, new Dictionary<string, Type> { ["networking.k8s.io/v1/NetworkPolicy"] = typeof(V1NetworkPolicy) });

        Assert.Equal(30, objects.Count); // 3 tenants x 2 namespaces x 5 policies
        Assert.All(objects, o => Assert.IsType<V1NetworkPolicy>(o));
        var policies = objects.Cast<V1NetworkPolicy>().ToList();
        Assert.Equal(
            ["payments", "payments-worker", "shared-db", "shared-vault", "web-backend", "web-frontend"],
            policies.Select(p => p.Metadata.NamespaceProperty).Distinct());
        Assert.DoesNotContain(policies, p => p.Metadata.NamespaceProperty == "web-loadtest");
    }

    [Fact]
    public async Task Json_IsOneListOfTheSameObjects()
    {
        var yaml = await CliRun.Of("render", "-f", RepositoryPaths.Of("config", "samples"));
        var json = await CliRun.Of("render", "-f", RepositoryPaths.Of("config", "samples"), "-o", "json");
        var list = JsonNode.Parse(json.Output)!;

        Assert.Equal("List", (string?)list["kind"]);
        var fromYaml = KubernetesYaml.LoadAllFromString(yaml.Output).Select(o => KubernetesJson.Serialize(o));
        var fromJson = list["items"]!.AsArray().Select(i => KubernetesJson.Serialize(KubernetesJson.Deserialize<V1NetworkPolicy>(i!.ToJsonString())));
        Assert.Equal(fromYaml, fromJson);
    }

    [Fact]
    public async Task WithoutNamespaceManifests_MembersAreTheNamedNamespaces_AndSelectorsAreListed()
    {
        var samples = RepositoryPaths.Of("config", "samples");
        var run = await CliRun.Of("render", "-f", Path.Combine(samples, "tenant-payments.yaml"), "-f", Path.Combine(samples, "tenant-shared-services.yaml"));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("note: tenant payments: namespaceSelector (tenant=payments) not resolved: no Namespace manifests given (use --namespaces); members are spec.namespaces only", run.ErrorLines);
        var namespaces = KubernetesYaml.LoadAllFromString(run.Output).Cast<V1NetworkPolicy>().Select(p => p.Metadata.NamespaceProperty).Distinct();
        Assert.Equal(["payments", "shared-db", "shared-vault"], namespaces);
    }

    [Fact]
    public async Task NamespacesOption_ResolvesSelectors()
    {
        var samples = RepositoryPaths.Of("config", "samples");
        var run = await CliRun.Of("render", "-f", Path.Combine(samples, "tenant-web.yaml"), "--namespaces", Path.Combine(samples, "namespaces.yaml"));

        Assert.Equal(0, run.ExitCode);
        var namespaces = KubernetesYaml.LoadAllFromString(run.Output).Cast<V1NetworkPolicy>().Select(p => p.Metadata.NamespaceProperty).Distinct();
        Assert.Equal(["web-backend", "web-frontend"], namespaces);
        Assert.Contains("warning: tenant web: egress rule vault: tenant shared-services does not exist: that peer allows nothing", run.ErrorLines);
    }

    [Fact]
    public async Task InvalidTenant_RendersNothing_AndExitsOne()
    {
        var run = await CliRun.Of("render", "-f", RepositoryPaths.Of("tests", "TenantOperator.Tests", "Cli", "Fixtures", "bad-tenants.yaml"));

        Assert.Equal(1, run.ExitCode);
        Assert.Empty(run.Output);
        Assert.Equal("4 error(s): nothing rendered", run.ErrorLines[^1]);
    }

    [Fact]
    public async Task RenderedYaml_ReadsBackAsKubectlReadsIt_AsTheSameObjectsAsJson()
    {
        var directory = Directory.CreateTempSubdirectory("render-readback-");
        try
        {
            // Label values and a port name that YAML 1.1 would read as a boolean, a number or null if written plain.
            var tenant = Path.Combine(directory.FullName, "tenant.yaml");
            await File.WriteAllTextAsync(tenant, """
                apiVersion: isolation.tenantoperator.io/v1alpha1
                kind: TenantIsolation
                metadata: {name: odd}
                spec:
                  namespaces: [odd-a]
                  egress:
                  - name: x
                    to: [{podSelector: {matchLabels: {tier: "yes", hex: "0x50", octal: "0120", nothing: "null", n: "n", underscored: "1_000", "on": "on"}}}]
                    ports: [{port: "0x50"}, {port: "on"}]
                """);
            var yaml = await CliRun.Of("render", "-f", tenant);
            var json = await CliRun.Of("render", "-f", tenant, "-o", "json");

            var (documents, problems) = TenantOperator.Manifests.ManifestReader.ReadBytes("render.yaml", System.Text.Encoding.UTF8.GetBytes(yaml.Output));

            Assert.Equal(0, yaml.ExitCode);
            Assert.Empty(problems);
            var items = JsonNode.Parse(json.Output)!["items"]!.AsArray();
            Assert.Equal(items.Count, documents.Count);
            for (var i = 0; i < items.Count; i++)
            {
                Assert.True(Manifests.Read.SameJson(items[i], documents[i].Content), $"document {i + 1} reads back differently:\n{yaml.Output}");
            }

            Assert.Contains("          tier: \"yes\"\n", yaml.Output);
            Assert.Contains("          \"on\": \"on\"\n", yaml.Output);
            Assert.Contains("- port: \"0x50\"", yaml.Output);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}

