using TenantOperator.Tests.Monitoring;
using static TenantOperator.Tests.Deploy.Manifests;

namespace TenantOperator.Tests.Deploy;

/// <summary>
/// What `make deploy` and `make undeploy` hand to kubectl (scripts/deploy-manifests.sh through the Makefile),
/// compared with what `kubectl kustomize config/default` renders on its own.
/// </summary>
public sealed class DeployManifestsTests
{
    private const string Placeholder = "tenant-operator:dev";

    [Theory]
    [InlineData("registry.example.com:5000/team/tenant-operator:v1.2.0", "registry.example.com:5000/team/tenant-operator:v1.2.0")]
    [InlineData("ghcr.io/acme/tenant-operator:1.0", "ghcr.io/acme/tenant-operator:1.0")]
    [InlineData("localhost/tenant-operator:dev_2", "localhost/tenant-operator:dev_2")]
    [InlineData(
        "ghcr.io/acme/tenant-operator@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "ghcr.io/acme/tenant-operator@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData(
        "ghcr.io/acme/tenant-operator:v1@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "ghcr.io/acme/tenant-operator@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public async Task DeployManifests_AreConfigDefault_WithOnlyTheManagersImageReplaced(string img, string expectedImage)
    {
        var rendered = await Make.RunAsync("deploy-manifests", $"IMG={img}");
        Assert.True(rendered.ExitCode == 0, rendered.ToString());
        var plain = await KustomizeDefaultAsync();

        var deployed = Parse(rendered.Output);
        Assert.Equal(expectedImage, ManagerContainer(deployed)["image"]);

        // Put the placeholder back: then nothing else may differ, object for object.
        ManagerContainer(deployed)["image"] = Placeholder;
        Assert.Equal(Serialize(Parse(plain)), Serialize(deployed));
    }

    [Fact]
    public async Task ConfigDefault_CarriesThePlaceholderTheOverlayReplaces()
    {
        // scripts/deploy-manifests.sh replaces the image named tenant-operator; a renamed placeholder would deploy it unchanged.
        Assert.Equal(Placeholder, ManagerContainer(Parse(await KustomizeDefaultAsync()))["image"]);
    }

    [Theory]
    [InlineData("", "IMG is empty")]
    [InlineData("example.io/tenant-operator", "has neither a tag nor a digest")]
    [InlineData("Example/tenant-operator:v1", "\"Example/tenant-operator\" is not an image name")]
    [InlineData("example.io/tenant operator:v1", "is not an image name")]
    [InlineData("example.io/tenant-operator:-v1", "tag \"-v1\" must be")]
    [InlineData("example.io/tenant-operator@sha256:abc", "digest \"sha256:abc\" is not sha256:")]
    [InlineData("example.io:port/tenant-operator:v1", "\"example.io:port\" is not a registry host")]
    [InlineData("example.io/tenant-operator:v1'; rm -rf /tmp/x; echo '", "is not an image name")]
    public async Task DeployManifests_RefuseAnImageReference_NamingWhatIsWrong(string img, string message)
    {
        var rendered = await Make.RunAsync("deploy-manifests", $"IMG={img}");

        Assert.NotEqual(0, rendered.ExitCode);
        Assert.Contains(message, rendered.Error);
        Assert.DoesNotContain("kind:", rendered.Output);
    }

    [Fact]
    public async Task UndeployManifests_AreConfigDefault_WithoutTheCrd()
    {
        var script = await ExternalTool.RunAsync("bash", "bash", RepositoryPaths.Root, "scripts/deploy-manifests.sh", "undeploy");
        Assert.True(script.ExitCode == 0, script.ToString());

        var expected = Parse(await KustomizeDefaultAsync()).Where(o => Kind(o) != "CustomResourceDefinition").ToList();
        Assert.Equal(Serialize(expected), Serialize(Parse(script.Output)));
    }

    [Fact]
    public async Task ConfigDefault_HasTheDisruptionBudget_Spread_SizedResources_PriorityAndNetworkPolicy()
    {
        var objects = Parse(await KustomizeDefaultAsync());
        var pod = Map(Single(objects, "Deployment"), "spec", "template");
        var podLabels = Map(pod, "metadata", "labels");

        var budget = Single(objects, "PodDisruptionBudget");
        Assert.Equal("1", Map(budget, "spec")["maxUnavailable"]);
        Assert.Equal(podLabels["app.kubernetes.io/name"], Map(budget, "spec", "selector", "matchLabels")["app.kubernetes.io/name"]);

        var spread = (List<object>)At(pod, "spec", "topologySpreadConstraints");
        var byHostname = spread.Cast<Dictionary<object, object>>().Single(c => (string)c["topologyKey"] == "kubernetes.io/hostname");
        Assert.Equal(("1", "DoNotSchedule"), ((string)byHostname["maxSkew"], (string)byHostname["whenUnsatisfiable"]));

        var priorityClass = Single(objects, "PriorityClass");
        Assert.Equal(Name(priorityClass), Map(pod, "spec")["priorityClassName"]);

        // docs/PERFORMANCE.md: up to 327 MiB resident at 10,000 namespaces.
        var resources = Map(ManagerContainer(objects), "resources");
        Assert.Equal("384Mi", Map(resources, "requests")["memory"]);
        Assert.Equal("768Mi", Map(resources, "limits")["memory"]);

        var policy = Single(objects, "NetworkPolicy");
        Assert.Equal(podLabels["app.kubernetes.io/name"], Map(policy, "spec", "podSelector", "matchLabels")["app.kubernetes.io/name"]);
        Assert.Equal(["Ingress", "Egress"], ((List<object>)Map(policy, "spec")["policyTypes"]).Cast<string>());
        Assert.Equal(["http-metrics"], PortsOf(policy, "ingress"));
        Assert.Equal(["443", "6443"], PortsOf(policy, "egress"));
    }

    [Fact]
    public async Task GracePeriod_OutlastsTheHostsStopTimeout_WhichOutlastsTheReconcileDrain()
    {
        var objects = Parse(await KustomizeDefaultAsync());
        var grace = int.Parse((string)Map(Single(objects, "Deployment"), "spec", "template", "spec")["terminationGracePeriodSeconds"]);
        var env = ((List<object>)ManagerContainer(objects)["env"]).Cast<Dictionary<object, object>>();
        var hostStop = int.Parse((string)env.Single(e => (string)e["name"] == "DOTNET_SHUTDOWNTIMEOUTSECONDS")["value"]);

        // The leader waits up to 30 s for its in-flight reconciles (Hosting/TenantOperatorInstance.cs), then releases
        // the lease within the renew deadline (10 s, Controller/OperatorOptions.cs).
        Assert.True(hostStop >= 30 + 10, $"host stop timeout {hostStop} s");
        Assert.True(grace > hostStop, $"grace {grace} s, host stop timeout {hostStop} s");
    }

    private static List<string> PortsOf(Dictionary<object, object> policy, string direction) =>
        ((List<object>)Map(policy, "spec", direction, 0)["ports"]).Cast<Dictionary<object, object>>().Select(p => (string)p["port"]).ToList();

    private static async Task<string> KustomizeDefaultAsync()
    {
        var run = await ExternalTool.RunAsync("kubectl", "kubernetes-client", RepositoryPaths.Root, "kustomize", "config/default");
        Assert.True(run.ExitCode == 0, run.ToString());
        return run.Output;
    }

    private static string Serialize(List<Dictionary<object, object>> objects) => new YamlDotNet.Serialization.SerializerBuilder().Build().Serialize(objects);
}
