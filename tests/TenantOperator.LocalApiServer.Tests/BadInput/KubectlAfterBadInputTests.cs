using TenantOperator.LocalApiServer.Tests.Fuzz;
using TenantOperator.LocalApiServer.Tests.Support;

namespace TenantOperator.LocalApiServer.Tests.BadInput;

/// <summary>What a refused request leaves behind, seen by the real kubectl: nothing that breaks it.</summary>
public sealed class KubectlAfterBadInputTests : KubectlAgainstLocalServer
{
    [Fact]
    public async Task ANumberBeyondFloat64_IsRefused_AndKubectlGetAllNamespacesStillWorks()
    {
        var (code, _, _) = await Harness.PostAsync("/api/v1/namespaces/default/configmaps", """{"metadata":{"name":"huge"},"data":{"a":"b"},"x":1e400}""");
        var (patchCode, _, _) = await Harness.PostAsync("/api/v1/namespaces/default/configmaps", """{"metadata":{"name":"fine"},"data":{"a":"b"}}""");
        var (mergeCode, _, _) = await Harness.PatchAsync("/api/v1/namespaces/default/configmaps/fine", """{"x":1e400}""", "application/merge-patch+json");

        var get = await Kubectl.RunAsync("get", "cm", "-A");

        Assert.Equal((400, 201, 400), (code, patchCode, mergeCode));
        Assert.Equal(0, get.ExitCode);
        Assert.Contains("fine", get.Stdout);
        Assert.DoesNotContain("huge", get.Stdout);
    }

    [Fact]
    public async Task KubectlRefusesDotDotItself_AndTheServerRefusesItToo()
    {
        var kubectl = await Kubectl.RunAsync("delete", "configmap", "..", "-n", "default");
        var server = await RawHttp.SendAsync(Harness.Server, RawHttp.Request("DELETE", "/api/v1/namespaces/default/configmaps/%2e%2e"), TimeSpan.FromSeconds(30));

        Assert.NotEqual(0, kubectl.ExitCode);
        Assert.Equal(400, server.Code);
        Assert.Equal(200, (await Harness.GetAsync("/api/v1/namespaces/default")).Code);
    }
}
