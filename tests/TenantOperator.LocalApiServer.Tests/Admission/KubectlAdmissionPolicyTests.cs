using TenantOperator.LocalApiServer.Tests.Support;
using static TenantOperator.LocalApiServer.Tests.Admission.PolicyManifests;

namespace TenantOperator.LocalApiServer.Tests.Admission;

/// <summary>
/// The real kubectl against admission policies, as a user meets them: the policy and binding applied from YAML,
/// a Warn printed as kubectl prints warnings, a Deny as its error line.
/// </summary>
public sealed class KubectlAdmissionPolicyTests : KubectlAgainstLocalServer
{
    [Fact]
    public async Task KubectlApply_PrintsTheWarning_AndTheDenial()
    {
        (await Kubectl.RunWithInputAsync(Policy("labels", """[{"expression":"has(object.metadata.labels) && 'owner' in object.metadata.labels","message":"set an owner label"}]"""), "apply", "-f", "-")).ShouldSucceed();
        (await Kubectl.RunWithInputAsync(Binding("labels-warn", "labels", "\"Warn\""), "apply", "-f", "-")).ShouldSucceed();

        var warned = (await Kubectl.RunAsync("create", "configmap", "first")).ShouldSucceed();
        Assert.Equal("Warning: Validation failed for ValidatingAdmissionPolicy 'labels' with binding 'labels-warn': set an owner label\n", warned.Stderr);

        (await Kubectl.RunAsync("delete", "validatingadmissionpolicybinding", "labels-warn")).ShouldSucceed();
        (await Kubectl.RunWithInputAsync(Binding("labels-deny", "labels"), "apply", "-f", "-")).ShouldSucceed();
        var denied = await Kubectl.RunAsync("create", "configmap", "second");

        Assert.Equal(1, denied.ExitCode);
        Assert.Equal("error: failed to create configmap: configmaps \"second\" is forbidden: ValidatingAdmissionPolicy 'labels' with binding 'labels-deny' denied request: set an owner label\n", denied.Stderr);
    }
}
