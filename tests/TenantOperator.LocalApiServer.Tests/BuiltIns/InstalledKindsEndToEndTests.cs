using TenantOperator.LocalApiServer.Tests.Support;

namespace TenantOperator.LocalApiServer.Tests.BuiltIns;

/// <summary>
/// The kinds config/default installs besides the operator's own (Deployment, Service, PodDisruptionBudget,
/// PriorityClass), as the real kubectl sees them: discovery, schemas, Go's decoding and the defaults.
/// </summary>
public sealed class InstalledKindsEndToEndTests : KubectlAgainstLocalServer
{
    [Theory]
    [InlineData("deployments", @"^deployments\s+deploy\s+apps/v1\s+true\s+Deployment$")]
    [InlineData("services", @"^services\s+svc\s+v1\s+true\s+Service$")]
    [InlineData("poddisruptionbudgets", @"^poddisruptionbudgets\s+pdb\s+policy/v1\s+true\s+PodDisruptionBudget$")]
    [InlineData("priorityclasses", @"^priorityclasses\s+pc\s+scheduling.k8s.io/v1\s+false\s+PriorityClass$")]
    public async Task ApiResources_ListTheKind_WithItsShortNameAndScope(string resource, string line)
    {
        var resources = (await Kubectl.RunAsync("api-resources", "--no-headers=false")).ShouldSucceed().Stdout;

        Assert.Matches(line, resources.Split('\n').Single(l => l.StartsWith(resource + " ", StringComparison.Ordinal)).TrimEnd());
    }

    [Fact]
    public async Task Explain_ShowsTheFieldsOfTheGoStruct()
    {
        var explained = (await Kubectl.RunAsync("explain", "deployment.spec.strategy.rollingUpdate")).ShouldSucceed().Stdout;

        Assert.Contains("GROUP:      apps", explained);
        Assert.Matches(@"(?m)^  maxSurge\s+<string>$", explained);
        Assert.Matches(@"(?m)^  maxUnavailable\s+<string>$", explained);
        var budget = (await Kubectl.RunAsync("explain", "pdb.status")).ShouldSucceed().Stdout;
        Assert.Matches(@"(?m)^  disruptionsAllowed\s+<integer>$", budget);
    }

    [Fact]
    public async Task ValueOfTheWrongType_IsRefused_AsGoDecodesIt()
    {
        const string deployment = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: default}
            spec:
              replicas: "two"
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec: {containers: [{name: web, image: nginx:1.27}]}
            """;

        var refused = await Kubectl.RunWithInputAsync(deployment, "apply", "-f", "-");

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32", refused.Stderr);
    }

    [Fact]
    public async Task UnknownField_IsRefused_UnderKubectlsStrictValidation()
    {
        const string priorityClass = """
            apiVersion: scheduling.k8s.io/v1
            kind: PriorityClass
            metadata: {name: high}
            value: 1000
            preemption: Never
            """;

        var refused = await Kubectl.RunWithInputAsync(priorityClass, "apply", "-f", "-");

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("unknown field \"preemption\"", refused.Stderr);
    }

    [Fact]
    public async Task Defaults_AreThoseOfKubeApiserver_AndAnExplicitValueStays()
    {
        const string objects = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: default}
            spec:
              revisionHistoryLimit: 0
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec: {containers: [{name: web, image: nginx:1.27}]}
            ---
            apiVersion: scheduling.k8s.io/v1
            kind: PriorityClass
            metadata: {name: high}
            value: 1000
            """;
        (await Kubectl.RunWithInputAsync(objects, "apply", "-f", "-")).ShouldSucceed();

        var deployment = (await Kubectl.RunAsync("get", "deploy", "web", "-n", "default", "-o",
            "jsonpath={.spec.replicas} {.spec.strategy.type} {.spec.strategy.rollingUpdate.maxSurge} {.spec.revisionHistoryLimit} {.spec.progressDeadlineSeconds} {.metadata.generation}")).ShouldSucceed();
        Assert.Equal("1 RollingUpdate 25% 0 600 1", deployment.Stdout);
        var priority = (await Kubectl.RunAsync("get", "pc", "high", "-o", "jsonpath={.value} {.preemptionPolicy}")).ShouldSucceed();
        Assert.Equal("1000 PreemptLowerPriority", priority.Stdout);
    }
}
