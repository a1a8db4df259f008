using k8s.Models;
using TenantOperator.Hosting;

namespace TenantOperator.Tests.Hosting;

/// <summary>The guardrails built into the binary are config/guardrails as committed, and follow the operator's namespace.</summary>
public sealed class GuardrailManifestsTests
{
    [Fact]
    public void TheBuiltInFiles_AreThoseOfConfigGuardrails_InKustomizationOrder()
    {
        Assert.Equal(["protect-generated-policies.yaml", "protect-tenant-labels.yaml", "protect-namespace-marks.yaml", "keep-crd.yaml", "gate-pods.yaml", "warn-open-policies.yaml"], GuardrailManifests.Files());
        Assert.All(GuardrailManifests.Files(), file => Assert.Equal(File.ReadAllText(RepositoryPaths.Of("config", "guardrails", file)), GuardrailManifests.Read(file)));
    }

    [Fact]
    public void AnotherOperatorNamespace_RenamesTheOperatorInThePolicies()
    {
        var objects = GuardrailManifests.Load("ops");

        Assert.Equal(12, objects.Count);
        var protect = objects.OfType<V1ValidatingAdmissionPolicy>().Single(p => p.Metadata.Name == "tenant-operator-protect-generated-policies");
        Assert.Equal("'system:serviceaccount:ops:tenant-operator'", protect.Spec.Variables.Single(v => v.Name == "operator").Expression);
        Assert.Equal(6, objects.OfType<V1ValidatingAdmissionPolicyBinding>().Count());
    }
}
