using TenantOperator.LocalApiServer;
using TenantOperator.Tests.Monitoring;

namespace TenantOperator.Tests.Deploy;

/// <summary>
/// A rehearsal of the install: `make deploy` and `make undeploy` with the real kubectl against the LocalApiServer,
/// which stores every kind config/default holds (with their schemas, defaults where it has them) and runs none of
/// them: no pod starts, so what is checked is what a cluster would have been asked to run.
/// </summary>
public sealed class DeployEndToEndTests : IAsyncLifetime
{
    private const string Image = "example.io/tenant-operator:test";
    private readonly DirectoryInfo _home = Directory.CreateTempSubdirectory("deploy-e2e-");
    private LocalKubernetesApiServer _server = null!;
    private Dictionary<string, string> _environment = null!;

    public async Task InitializeAsync()
    {
        _server = await LocalKubernetesApiServer.StartAsync(new LocalApiServerOptions { BindAddress = "127.0.0.1", Port = 0 });
        var kubeconfig = _server.WriteKubeconfig(Path.Combine(_home.FullName, "kubeconfig"));
        // kubectl's discovery cache goes under HOME: a fresh one per test, nothing from the developer's own.
        _environment = new() { ["KUBECONFIG"] = kubeconfig, ["HOME"] = _home.FullName };
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _home.Delete(recursive: true);
    }

    [Fact]
    public async Task Deploy_AppliesEveryObjectOfConfigDefault_WithTheGivenImage()
    {
        var deploy = await Make.RunAsync(_environment, "deploy", $"IMG={Image}");

        Assert.True(deploy.ExitCode == 0, deploy.ToString());
        // kubectl's own report, one line per object, in kustomize's order.
        foreach (var line in new[]
        {
            "namespace/tenant-operator-system created",
            "customresourcedefinition.apiextensions.k8s.io/tenantisolations.isolation.tenantoperator.io created",
            "serviceaccount/tenant-operator created",
            "clusterrole.rbac.authorization.k8s.io/tenant-operator created",
            "service/tenant-operator-metrics created",
            "priorityclass.scheduling.k8s.io/tenant-operator created",
            "deployment.apps/tenant-operator created",
            "poddisruptionbudget.policy/tenant-operator created",
            "networkpolicy.networking.k8s.io/tenant-operator created",
        })
        {
            Assert.Contains(line, deploy.Output);
        }

        Assert.Equal(Image, await GetAsync("deployment", "tenant-operator", "{.spec.template.spec.containers[0].image}"));
        Assert.Equal("2 tenant-operator 50", await GetAsync("deployment", "tenant-operator",
            "{.spec.replicas} {.spec.template.spec.priorityClassName} {.spec.template.spec.terminationGracePeriodSeconds}"));
        // The server's defaults, as kube-apiserver's SetDefaults_Deployment writes them.
        Assert.Equal("RollingUpdate 25% 25% 10 600", await GetAsync("deployment", "tenant-operator",
            "{.spec.strategy.type} {.spec.strategy.rollingUpdate.maxSurge} {.spec.strategy.rollingUpdate.maxUnavailable} {.spec.revisionHistoryLimit} {.spec.progressDeadlineSeconds}"));
        Assert.Equal("1 tenant-operator 0", await GetAsync("pdb", "tenant-operator",
            "{.spec.maxUnavailable} {.spec.selector.matchLabels.app\\.kubernetes\\.io/name} {.status.disruptionsAllowed}"));
        Assert.Equal("1000000 PreemptLowerPriority", await GetAsync("priorityclass", "tenant-operator", "{.value} {.preemptionPolicy}"));
        Assert.Equal("Ingress Egress|http-metrics|443 6443", await GetAsync("networkpolicy", "tenant-operator",
            "{.spec.policyTypes[0]} {.spec.policyTypes[1]}|{.spec.ingress[0].ports[0].port}|{.spec.egress[0].ports[0].port} {.spec.egress[0].ports[1].port}"));
        Assert.Equal("8080 http-metrics", await GetAsync("service", "tenant-operator-metrics", "{.spec.ports[0].port} {.spec.ports[0].targetPort}"));

        // Applying the same again changes nothing: every object comes back as the server stored it. Except the PDB, as
        // on any cluster: its spec.selector has patchStrategy "replace", so kubectl's three-way patch always carries it.
        var again = await Make.RunAsync(_environment, "deploy", $"IMG={Image}");
        Assert.True(again.ExitCode == 0, again.ToString());
        var configured = again.Output.Split('\n').Where(l => l.EndsWith(" configured", StringComparison.Ordinal));
        Assert.Equal(["poddisruptionbudget.policy/tenant-operator configured"], configured);
        Assert.Contains("deployment.apps/tenant-operator unchanged", again.Output);
    }

    [Fact]
    public async Task Redeploy_WithAnotherImage_ChangesOnlyTheDeployment()
    {
        Assert.Equal(0, (await Make.RunAsync(_environment, "deploy", $"IMG={Image}")).ExitCode);
        var generation = await GetAsync("deployment", "tenant-operator", "{.metadata.generation}");

        var upgrade = await Make.RunAsync(_environment, "deploy", "IMG=example.io/tenant-operator:test2");

        Assert.True(upgrade.ExitCode == 0, upgrade.ToString());
        var configured = upgrade.Output.Split('\n').Where(l => l.EndsWith(" configured", StringComparison.Ordinal));
        Assert.Equal(["deployment.apps/tenant-operator configured", "poddisruptionbudget.policy/tenant-operator configured"], configured);
        Assert.Equal("example.io/tenant-operator:test2", await GetAsync("deployment", "tenant-operator", "{.spec.template.spec.containers[0].image}"));
        Assert.Equal(long.Parse(generation) + 1, long.Parse(await GetAsync("deployment", "tenant-operator", "{.metadata.generation}")));
    }

    [Fact]
    public async Task Undeploy_RemovesTheOperator_KeepsTheCrdAndTheTenants_AndSaysSo()
    {
        Assert.Equal(0, (await Make.RunAsync(_environment, "deploy", $"IMG={Image}")).ExitCode);
        var tenant = await Kubectl("apply", "-f", RepositoryPaths.Of("config", "samples", "tenant-web.yaml"));
        Assert.True(tenant.ExitCode == 0, tenant.ToString());

        var undeploy = await Make.RunAsync(_environment, "undeploy");

        Assert.True(undeploy.ExitCode == 0, undeploy.ToString());
        Assert.Contains("namespace \"tenant-operator-system\" deleted", undeploy.Output);
        Assert.Contains("priorityclass.scheduling.k8s.io \"tenant-operator\" deleted", undeploy.Output);
        Assert.Contains("clusterrole.rbac.authorization.k8s.io \"tenant-operator\" deleted", undeploy.Output);
        Assert.Contains("kept: customresourcedefinition tenantisolations.isolation.tenantoperator.io and its 1 TenantIsolation(s)", undeploy.Output);

        foreach (var gone in new[]
        {
            ("namespace", "tenant-operator-system"), ("priorityclass", "tenant-operator"),
            ("clusterrole", "tenant-operator"), ("clusterrolebinding", "tenant-operator"),
        })
        {
            var get = await Kubectl("get", gone.Item1, gone.Item2);
            Assert.True(get.ExitCode != 0 && get.Error.Contains("NotFound", StringComparison.Ordinal), get.ToString());
        }

        Assert.Equal("web", await GetAsync("tenantisolation", "web", "{.metadata.name}", namespaced: false));
        Assert.Equal(0, (await Kubectl("get", "crd", "tenantisolations.isolation.tenantoperator.io")).ExitCode);

        // A second undeploy finds nothing to delete and still succeeds.
        var again = await Make.RunAsync(_environment, "undeploy");
        Assert.True(again.ExitCode == 0, again.ToString());
    }

    private Task<ToolRun> Kubectl(params string[] args) =>
        ExternalTool.RunAsync("kubectl", "kubernetes-client", RepositoryPaths.Root, _environment, args);

    private async Task<string> GetAsync(string resource, string name, string jsonPath, bool namespaced = true)
    {
        string[] args = namespaced && resource is not ("priorityclass" or "tenantisolation")
            ? ["get", resource, name, "-n", "tenant-operator-system", "-o", $"jsonpath={jsonPath}"]
            : ["get", resource, name, "-o", $"jsonpath={jsonPath}"];
        var get = await Kubectl(args);
        Assert.True(get.ExitCode == 0, get.ToString());
        return get.Output;
    }
}
