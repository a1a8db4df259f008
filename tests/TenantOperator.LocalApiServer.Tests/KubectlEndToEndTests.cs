using TenantOperator.LocalApiServer.Tests.Support;

namespace TenantOperator.LocalApiServer.Tests;

/// <summary>
/// The real kubectl (1.32) against the server through a kubeconfig the server wrote (issue 4 "kubectl end
/// to end"). Without kubectl these fail, saying how to install it.
/// </summary>
public sealed class KubectlEndToEndTests : KubectlAgainstLocalServer
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    private async Task ApplyCrdAndSampleAsync()
    {
        var crd = (await Kubectl.RunAsync("apply", "-f", Fixture("tenantisolations-crd.yaml"))).ShouldSucceed();
        Assert.Contains("customresourcedefinition.apiextensions.k8s.io/tenantisolations.isolation.tenantoperator.io created", crd.Stdout);
        var sample = (await Kubectl.RunAsync("apply", "-f", Fixture("tenant-team-a.yaml"))).ShouldSucceed();
        Assert.Contains("tenantisolation.isolation.tenantoperator.io/team-a created", sample.Stdout);
        Assert.DoesNotContain("--validate=false", sample.Stderr);
    }

    [Fact]
    public async Task Apply_CrdAndSample_ThenGetAndYaml()
    {
        await ApplyCrdAndSampleAsync();
        var get = (await Kubectl.RunAsync("get", "ti")).ShouldSucceed();
        Assert.Matches(@"(?m)^NAME\s+MODE\s+NAMESPACES\s+READY\s+AGE\s*$", get.Stdout);
        Assert.Matches(@"(?m)^team-a\s+Enforce\s", get.Stdout);
        var yaml = (await Kubectl.RunAsync("get", "ti", "team-a", "-o", "yaml")).ShouldSucceed();
        Assert.Contains("kind: TenantIsolation", yaml.Stdout);
        Assert.Contains("mode: Enforce", yaml.Stdout);
        Assert.Contains("kubectl.kubernetes.io/last-applied-configuration", yaml.Stdout);
        Assert.Contains("generation: 1", yaml.Stdout);
    }

    [Fact]
    public async Task SecondApplyAfterAnEdit_MergePatchesTheCustomResource()
    {
        await ApplyCrdAndSampleAsync();
        var edited = File.ReadAllText(Fixture("tenant-team-a.yaml")).Replace("mode: Enforce", "mode: DryRun", StringComparison.Ordinal);
        var result = (await Kubectl.RunAsync("apply", "-f", Kubectl.WriteFile("edited.yaml", edited))).ShouldSucceed();
        Assert.Contains("tenantisolation.isolation.tenantoperator.io/team-a configured", result.Stdout);
        Assert.Equal(1, Harness.Server.Counters.Count("patch", "tenantisolations", 200));
        var mode = (await Kubectl.RunAsync("get", "ti", "team-a", "-o", "jsonpath={.spec.mode} {.metadata.generation}")).ShouldSucceed();
        Assert.Equal("DryRun 2", mode.Stdout);
        var unchanged = (await Kubectl.RunAsync("apply", "-f", Kubectl.WriteFile("edited.yaml", edited))).ShouldSucceed();
        Assert.Contains("team-a unchanged", unchanged.Stdout);
    }

    [Fact]
    public async Task SecondApplyOfABuiltIn_UsesStrategicMergePatch()
    {
        const string policy = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: web
              namespace: default
              labels: {app: web}
            spec:
              podSelector: {matchLabels: {app: web}}
              policyTypes: [Ingress]
              ingress:
              - from:
                - podSelector: {matchLabels: {role: frontend}}
            """;
        (await Kubectl.RunAsync("apply", "-f", Kubectl.WriteFile("np.yaml", policy))).ShouldSucceed();
        var edited = policy.Replace("role: frontend", "role: api", StringComparison.Ordinal);
        (await Kubectl.RunAsync("apply", "-f", Kubectl.WriteFile("np.yaml", edited))).ShouldSucceed();
        Assert.Equal(1, Harness.Server.Counters.Count("patch", "networkpolicies", 200));
        var from = (await Kubectl.RunAsync("get", "netpol", "web", "-o", "jsonpath={.spec.ingress[0].from[*].podSelector.matchLabels.role}")).ShouldSucceed();
        Assert.Equal("api", from.Stdout);
    }

    [Fact]
    public async Task CreateAndLabelNamespace_ThenGetNetpolAllNamespaces()
    {
        (await Kubectl.RunAsync("create", "namespace", "team-a-web")).ShouldSucceed();
        (await Kubectl.RunAsync("label", "namespace", "team-a-web", "tenant=team-a")).ShouldSucceed();
        var labels = (await Kubectl.RunAsync("get", "namespace", "team-a-web", "--show-labels")).ShouldSucceed();
        Assert.Contains("tenant=team-a", labels.Stdout);
        Assert.Contains("kubernetes.io/metadata.name=team-a-web", labels.Stdout);
        await Harness.PostAsync(Manifests.NetpolIn("team-a-web"), Manifests.NetworkPolicy("tenant-isolation-default-deny", "team-a-web"));
        var all = (await Kubectl.RunAsync("get", "netpol", "-A")).ShouldSucceed();
        Assert.Matches(@"(?m)^team-a-web\s+tenant-isolation-default-deny\s", all.Stdout);
    }

    [Fact]
    public async Task Describe_ShowsConditionsAndEvents()
    {
        await ApplyCrdAndSampleAsync();
        var status = """{"status":{"conditions":[{"type":"Ready","status":"True","reason":"Reconciled","message":"3 namespaces isolated","lastTransitionTime":"2025-03-01T12:00:00Z"}]}}""";
        Assert.Equal(200, (await Harness.PatchAsync(Manifests.TenantPath + "/team-a/status", status, "application/merge-patch+json")).Code);
        var uid = (string)(await Harness.GetAsync(Manifests.TenantPath + "/team-a")).Body["metadata"]!["uid"]!;
        var ev = $$"""{"apiVersion":"v1","kind":"Event","metadata":{"name":"team-a.1","namespace":"default"},"involvedObject":{"apiVersion":"isolation.tenantoperator.io/v1alpha1","kind":"TenantIsolation","name":"team-a","uid":"{{uid}}"},"reason":"DriftRepaired","message":"restored tenant-isolation-default-deny","type":"Normal","source":{"component":"tenant-operator"},"firstTimestamp":"2025-03-01T12:00:00Z","lastTimestamp":"2025-03-01T12:00:00Z","count":1}""";
        Assert.Equal(201, (await Harness.PostAsync("/api/v1/namespaces/default/events", ev)).Code);
        var describe = (await Kubectl.RunAsync("describe", "ti", "team-a")).ShouldSucceed();
        Assert.Contains("3 namespaces isolated", describe.Stdout);
        Assert.Contains("Reconciled", describe.Stdout);
        Assert.Contains("DriftRepaired", describe.Stdout);
        Assert.Contains("restored tenant-isolation-default-deny", describe.Stdout);
    }

    [Fact]
    public async Task InvalidTenantIsolation_IsRejectedWithTheFieldError()
    {
        await ApplyCrdAndSampleAsync();
        var bad = File.ReadAllText(Fixture("tenant-team-a.yaml")).Replace("name: team-a", "name: bad", StringComparison.Ordinal).Replace("mode: Enforce", "mode: Sometimes", StringComparison.Ordinal);
        var result = await Kubectl.RunAsync("apply", "-f", Kubectl.WriteFile("bad.yaml", bad));
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("The TenantIsolation \"bad\" is invalid", result.Stderr);
        Assert.Contains("spec.mode: Unsupported value: \"Sometimes\"", result.Stderr);
        var unknown = File.ReadAllText(Fixture("tenant-team-a.yaml")).Replace("mode: Enforce", "mode: Enforce\n  colour: blue", StringComparison.Ordinal);
        var strict = await Kubectl.RunAsync("apply", "-f", Kubectl.WriteFile("unknown.yaml", unknown));
        Assert.NotEqual(0, strict.ExitCode);
        Assert.Contains("unknown field \"spec.colour\"", strict.Stderr);
    }

    [Fact]
    public async Task Delete_RemovesTheObject()
    {
        await ApplyCrdAndSampleAsync();
        var deleted = (await Kubectl.RunAsync("delete", "ti", "team-a")).ShouldSucceed();
        Assert.Contains("tenantisolation.isolation.tenantoperator.io \"team-a\" deleted", deleted.Stdout);
        var missing = await Kubectl.RunAsync("get", "ti", "team-a");
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("Error from server (NotFound): tenantisolations.isolation.tenantoperator.io \"team-a\" not found", missing.Stderr);
    }

    [Fact]
    public async Task GetWatch_PrintsChangesAsTheyHappen()
    {
        await ApplyCrdAndSampleAsync();
        using var watch = Kubectl.Start("get", "ti", "-w");
        var lines = new List<string>();
        var reading = Task.Run(async () =>
        {
            while (await watch.StandardOutput.ReadLineAsync() is { } line)
            {
                lock (lines)
                {
                    lines.Add(line);
                }
            }
        });
        try
        {
            await Eventually.TrueAsync(() => Task.FromResult(Harness.Server.OpenWatches == 1), "kubectl is watching", TimeSpan.FromSeconds(30));
            (await Kubectl.RunAsync("apply", "-f", Kubectl.WriteFile("b.yaml", File.ReadAllText(Fixture("tenant-team-a.yaml")).Replace("name: team-a", "name: team-b", StringComparison.Ordinal)))).ShouldSucceed();
            await Eventually.TrueAsync(() => Task.FromResult(Snapshot().Any(l => l.StartsWith("team-b", StringComparison.Ordinal))), "kubectl printed the new tenant", TimeSpan.FromSeconds(30));
        }
        finally
        {
            watch.Kill(entireProcessTree: true);
            await watch.WaitForExitAsync();
        }

        List<string> Snapshot()
        {
            lock (lines)
            {
                return [.. lines];
            }
        }
    }

    [Fact]
    public async Task RepositoryCrdAndSamples_ApplyAndList()
    {
        var crd = RepositoryPaths.Of("config", "crd", "bases", "isolation.tenantoperator.io_tenantisolations.yaml");
        (await Kubectl.RunAsync("apply", "-f", crd)).ShouldSucceed();
        (await Kubectl.RunAsync("apply", "-f", RepositoryPaths.Of("config", "samples"))).ShouldSucceed();

        var get = (await Kubectl.RunAsync("get", "ti")).ShouldSucceed();
        Assert.Matches(@"(?m)^NAME\s+MODE\s+NAMESPACES\s+POLICIES\s+READY\s+ISOLATED\s+REASON\s+AGE$", get.Stdout);
        foreach (var tenant in new[] { "payments", "shared-services", "web" })
        {
            Assert.Matches($@"(?m)^{tenant}\s", get.Stdout);
        }
    }
}
