using TenantOperator.Policy.Reconciliation;

namespace TenantOperator.Tests.Integration;

/// <summary>
/// A tenant's GuardrailsInstalled condition, as an admin auditing with <c>kubectl describe ti</c> sees it: True while
/// every shipped ValidatingAdmissionPolicy and binding is in place, False naming the missing ones once one is deleted,
/// True again when it is put back; False naming every one on a cluster without them.
/// </summary>
public sealed class GuardrailStatusTests
{
    [Fact]
    public async Task DescribeShowsWhetherTheGuardrailsAreInstalled_AndWhichAreMissing()
    {
        await using var cluster = await OperatorTestCluster.StartAsync(guardrails: true);
        await cluster.CreateNamespaceAsync("web", ("tenant", "a"));
        await cluster.ApplyTenantAsync("a", "podAdmission: Gated\nnamespaceSelector: {matchLabels: {tenant: a}}");
        cluster.StartOperator();
        await WaitForGuardrailsAsync(cluster, "True");

        var installed = await cluster.KubectlAsync("describe", "ti", "a");
        Assert.Equal(0, installed.ExitCode);
        Assert.Matches(@"Message:\s+the 12 shipped guardrail objects \(ValidatingAdmissionPolicies and bindings\) are in place: tampering, squatting and label spoofing are refused at admission\s+Observed Generation:\s+1\s+Reason:\s+Installed\s+Status:\s+True\s+Type:\s+GuardrailsInstalled", installed.Output);

        Assert.Equal(0, (await cluster.KubectlAsync("delete", "validatingadmissionpolicybinding", "tenant-operator-gate-pods")).ExitCode);
        await WaitForGuardrailsAsync(cluster, "False");

        var missing = await cluster.KubectlAsync("describe", "ti", "a");
        Assert.Matches(@"Message:\s+missing: ValidatingAdmissionPolicyBinding tenant-operator-gate-pods; what they guard against is only detected and repaired afterwards, not refused; spec.podAdmission: Gated has no effect without tenant-operator-gate-pods\s+Observed Generation:\s+1\s+Reason:\s+GuardrailsMissing\s+Status:\s+False\s+Type:\s+GuardrailsInstalled", missing.Output);

        Assert.Equal(0, (await cluster.KubectlAsync("apply", "-f", RepositoryPaths.Of("config", "guardrails", "gate-pods.yaml"))).ExitCode);
        await WaitForGuardrailsAsync(cluster, "True");
    }

    [Fact]
    public async Task WithoutTheGuardrails_EveryShippedObjectIsNamedMissing()
    {
        await using var cluster = await OperatorTestCluster.StartAsync();
        await cluster.CreateNamespaceAsync("web", ("tenant", "a"));
        await cluster.ApplyTenantAsync("a", "namespaceSelector: {matchLabels: {tenant: a}}");
        cluster.StartOperator();

        var condition = await WaitForGuardrailsAsync(cluster, "False");

        Assert.Equal(ConditionReasons.GuardrailsMissing, condition.Reason);
        Assert.Equal(
            "missing: ValidatingAdmissionPolicy tenant-operator-protect-generated-policies, ValidatingAdmissionPolicyBinding tenant-operator-protect-generated-policies, "
            + "ValidatingAdmissionPolicy tenant-operator-protect-tenant-labels, ValidatingAdmissionPolicyBinding tenant-operator-protect-tenant-labels, "
            + "ValidatingAdmissionPolicy tenant-operator-protect-namespace-marks, ValidatingAdmissionPolicyBinding tenant-operator-protect-namespace-marks, "
            + "ValidatingAdmissionPolicy tenant-operator-keep-crd, ValidatingAdmissionPolicyBinding tenant-operator-keep-crd, "
            + "ValidatingAdmissionPolicy tenant-operator-gate-pods, ValidatingAdmissionPolicyBinding tenant-operator-gate-pods, "
            + "ValidatingAdmissionPolicy tenant-operator-warn-open-policies, ValidatingAdmissionPolicyBinding tenant-operator-warn-open-policies; "
            + "what they guard against is only detected and repaired afterwards, not refused",
            condition.Message);
    }

    private static async Task<TenantOperator.Api.TenantCondition> WaitForGuardrailsAsync(OperatorTestCluster cluster, string status)
    {
        TenantOperator.Api.TenantCondition? found = null;
        await OperatorTestCluster.WaitUntilAsync(async () =>
        {
            found = (await cluster.GetTenantAsync("a"))?.Status?.Conditions?.FirstOrDefault(c => c.Type == ConditionTypes.GuardrailsInstalled);
            return found?.Status == status;
        }, $"GuardrailsInstalled is {status}");
        return found!;
    }
}
