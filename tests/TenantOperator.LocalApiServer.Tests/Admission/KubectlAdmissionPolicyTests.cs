using TenantOperator.LocalApiServer.Tests.Support;
using static TenantOperator.LocalApiServer.Tests.Admission.PolicyManifests;

namespace TenantOperator.LocalApiServer.Tests.Admission;

/// <summary>
/// The real kubectl against admission policies, as a user meets them: the policy and binding applied from YAML,
/// a Warn printed as kubectl prints warnings, a Deny as its error line.
/// </summary>
public sealed class KubectlAdmissionPolicyTests : IAsyncLifetime
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
    public async Task KubectlApply_PrintsTheWarning_AndTheDenial()
    {
        (await _kubectl.RunWithInputAsync(Policy("labels", """[{"expression":"has(object.metadata.labels) && 'owner' in object.metadata.labels","message":"set an owner label"}]"""), "apply", "-f", "-")).ShouldSucceed();
        (await _kubectl.RunWithInputAsync(Binding("labels-warn", "labels", "\"Warn\""), "apply", "-f", "-")).ShouldSucceed();

        var warned = (await _kubectl.RunAsync("create", "configmap", "first")).ShouldSucceed();
        Assert.Equal("Warning: Validation failed for ValidatingAdmissionPolicy 'labels' with binding 'labels-warn': set an owner label\n", warned.Stderr);

        (await _kubectl.RunAsync("delete", "validatingadmissionpolicybinding", "labels-warn")).ShouldSucceed();
        (await _kubectl.RunWithInputAsync(Binding("labels-deny", "labels"), "apply", "-f", "-")).ShouldSucceed();
        var denied = await _kubectl.RunAsync("create", "configmap", "second");

        Assert.Equal(1, denied.ExitCode);
        Assert.Equal("error: failed to create configmap: configmaps \"second\" is forbidden: ValidatingAdmissionPolicy 'labels' with binding 'labels-deny' denied request: set an owner label\n", denied.Stderr);
    }
}
