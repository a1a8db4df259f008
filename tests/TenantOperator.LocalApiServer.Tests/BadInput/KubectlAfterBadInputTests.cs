using TenantOperator.LocalApiServer.Tests.Fuzz;
using TenantOperator.LocalApiServer.Tests.Support;

namespace TenantOperator.LocalApiServer.Tests.BadInput;

/// <summary>What a refused request leaves behind, seen by the real kubectl: nothing that breaks it.</summary>
public sealed class KubectlAfterBadInputTests : IAsyncLifetime
{
    private ApiServerHarness _h = null!;
    private Kubectl _kubectl = null!;

    public async Task InitializeAsync()
    {
        _h = await ApiServerHarness.StartAsync();
        _kubectl = new Kubectl(_h.Server);
    }

    public async Task DisposeAsync()
    {
        _kubectl.Dispose();
        await _h.DisposeAsync();
    }

    [Fact]
    public async Task ANumberBeyondFloat64_IsRefused_AndKubectlGetAllNamespacesStillWorks()
    {
        var (code, _, _) = await _h.PostAsync("/api/v1/namespaces/default/configmaps", """{"metadata":{"name":"huge"},"data":{"a":"b"},"x":1e400}""");
        var (patchCode, _, _) = await _h.PostAsync("/api/v1/namespaces/default/configmaps", """{"metadata":{"name":"fine"},"data":{"a":"b"}}""");
        var (mergeCode, _, _) = await _h.PatchAsync("/api/v1/namespaces/default/configmaps/fine", """{"x":1e400}""", "application/merge-patch+json");

        var get = await _kubectl.RunAsync("get", "cm", "-A");

        Assert.Equal((400, 201, 400), (code, patchCode, mergeCode));
        Assert.Equal(0, get.ExitCode);
        Assert.Contains("fine", get.Stdout);
        Assert.DoesNotContain("huge", get.Stdout);
    }

    [Fact]
    public async Task KubectlRefusesDotDotItself_AndTheServerRefusesItToo()
    {
        var kubectl = await _kubectl.RunAsync("delete", "configmap", "..", "-n", "default");
        var server = await RawHttp.SendAsync(_h.Server, RawHttp.Request("DELETE", "/api/v1/namespaces/default/configmaps/%2e%2e"), TimeSpan.FromSeconds(30));

        Assert.NotEqual(0, kubectl.ExitCode);
        Assert.Equal(400, server.Code);
        Assert.Equal(200, (await _h.GetAsync("/api/v1/namespaces/default")).Code);
    }
}
