using YamlDotNet.Serialization;

namespace TenantOperator.Tests.Monitoring;

/// <summary>
/// What `kubectl kustomize` (the real kubectl) renders from config/default with and without the monitoring
/// components, and what config/argocd merges into Argo CD's argocd-cm.
/// </summary>
public sealed class MonitoringManifestTests : IDisposable
{
    private readonly DirectoryInfo _overlay = Directory.CreateTempSubdirectory("kustomize-overlay-");

    [Fact]
    public async Task Default_HasTheMetricsService_AndNoPrometheusOperatorKinds()
    {
        var objects = await KustomizeAsync(RepositoryPaths.Of("config", "default"));

        var service = objects.Single(o => Kind(o) == "Service");
        Assert.Equal("tenant-operator-metrics", Name(service));
        var port = (Dictionary<object, object>)((List<object>)Spec(service)["ports"]).Single();
        Assert.Equal(("http-metrics", "8080", "http-metrics"), ((string)port["name"], (string)port["port"], (string)port["targetPort"]));

        // The Service selects the manager's pods, whose container names its metrics port http-metrics.
        var deployment = objects.Single(o => Kind(o) == "Deployment");
        var podLabels = (Dictionary<object, object>)Metadata((Dictionary<object, object>)Spec(deployment)["template"])["labels"];
        foreach (var (key, value) in (Dictionary<object, object>)Spec(service)["selector"])
        {
            Assert.Equal(value, podLabels[key]);
        }

        Assert.Contains("name: http-metrics", new SerializerBuilder().Build().Serialize(Spec(deployment)));
        Assert.DoesNotContain(objects, o => ((string)o["apiVersion"]).StartsWith("monitoring.coreos.com/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Components_AddTheServiceMonitor_ThePrometheusRule_AndTheDashboard()
    {
        var root = Path.GetRelativePath(_overlay.FullName, RepositoryPaths.Root);
        await File.WriteAllTextAsync(Path.Combine(_overlay.FullName, "kustomization.yaml"), $"""
            resources:
            - {root}/config/default
            components:
            - {root}/config/prometheus
            - {root}/config/grafana
            """);

        var objects = await KustomizeAsync(_overlay.FullName);

        var service = objects.Single(o => Kind(o) == "Service");
        var monitor = objects.Single(o => Kind(o) == "ServiceMonitor");
        var selector = (Dictionary<object, object>)((Dictionary<object, object>)Spec(monitor)["selector"])["matchLabels"];
        var serviceLabels = (Dictionary<object, object>)Metadata(service)["labels"];
        foreach (var (key, value) in selector)
        {
            Assert.Equal(value, serviceLabels[key]);
        }

        var endpoint = (Dictionary<object, object>)((List<object>)Spec(monitor)["endpoints"]).Single();
        Assert.Equal("http-metrics", endpoint["port"]);
        Assert.Equal(PrometheusRules.Load().Alerts.Count, new SerializerBuilder().Build().Serialize(Spec(objects.Single(o => Kind(o) == "PrometheusRule"))).Split("- alert: ").Length - 1);

        var dashboard = objects.Single(o => Kind(o) == "ConfigMap" && Name(o) == "tenant-operator-dashboard");
        Assert.Equal("1", ((Dictionary<object, object>)Metadata(dashboard)["labels"])["grafana_dashboard"]);
        Assert.Equal(await File.ReadAllTextAsync(GrafanaDashboard.FilePath), ((Dictionary<object, object>)dashboard["data"])["tenant-operator-dashboard.json"]);
    }

    [Fact]
    public async Task ArgoCdComponent_PutsTheHealthScriptIntoArgocdCm()
    {
        var root = Path.GetRelativePath(_overlay.FullName, RepositoryPaths.Root);
        await File.WriteAllTextAsync(Path.Combine(_overlay.FullName, "argocd-cm.yaml"), """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: argocd-cm, namespace: argocd}
            data: {url: https://argocd.example.com}
            """);
        await File.WriteAllTextAsync(Path.Combine(_overlay.FullName, "kustomization.yaml"), $"""
            resources: [argocd-cm.yaml]
            components: [{root}/config/argocd]
            """);

        var data = (Dictionary<object, object>)(await KustomizeAsync(_overlay.FullName)).Single()["data"];

        Assert.Equal("https://argocd.example.com", data["url"]);
        Assert.Equal(await File.ReadAllTextAsync(ArgoCdHealth.ScriptPath), data["resource.customizations.health.isolation.tenantoperator.io_TenantIsolation"]);
    }

    private static async Task<List<Dictionary<object, object>>> KustomizeAsync(string directory)
    {
        var run = await ExternalTool.RunAsync("kubectl", "kubernetes-client", RepositoryPaths.Root, "kustomize", directory);
        Assert.True(run.ExitCode == 0, run.ToString());
        var deserializer = new DeserializerBuilder().Build();
        return run.Output.Split("\n---\n").Select(doc => (Dictionary<object, object>)deserializer.Deserialize<object>(doc)!).ToList();
    }

    private static string Kind(Dictionary<object, object> o) => (string)o["kind"];

    private static Dictionary<object, object> Metadata(Dictionary<object, object> o) => (Dictionary<object, object>)o["metadata"];

    private static string Name(Dictionary<object, object> o) => (string)Metadata(o)["name"];

    private static Dictionary<object, object> Spec(Dictionary<object, object> o) => (Dictionary<object, object>)o["spec"];

    public void Dispose() => _overlay.Delete(recursive: true);
}
