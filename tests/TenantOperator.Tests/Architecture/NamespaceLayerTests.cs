using System.Reflection;
using TenantOperator.Controller;

namespace TenantOperator.Tests.Architecture;

/// <summary>
/// The layers inside the operator (docs/design.md, "Layers"): which namespace's code (signatures and method bodies)
/// may use which namespace's types. The assemblies' own references are <see cref="AssemblyLayerTests"/>.
/// </summary>
public sealed class NamespaceLayerTests
{
    private static readonly Assembly Operator = typeof(TenantReconciler).Assembly;

    [Theory]
    [InlineData("TenantOperator.Runtime", "TenantOperator.Controller")]
    [InlineData("TenantOperator.Runtime", "TenantOperator.Hosting")]
    [InlineData("TenantOperator.Runtime", "TenantOperator.Cli")]
    [InlineData("TenantOperator.Runtime", "TenantOperator.Manifests")]
    [InlineData("TenantOperator.Runtime", "TenantOperator.Api")]
    [InlineData("TenantOperator.Runtime", "TenantOperator.Policy")]
    [InlineData("TenantOperator.Controller", "TenantOperator.Hosting")]
    [InlineData("TenantOperator.Controller", "TenantOperator.Cli")]
    [InlineData("TenantOperator.Hosting", "TenantOperator.Cli")]
    [InlineData("TenantOperator.Manifests", "TenantOperator.Cli")]
    [InlineData("TenantOperator.Manifests", "TenantOperator.Hosting")]
    [InlineData("TenantOperator.Manifests", "TenantOperator.Controller")]
    public void ALayer_DoesNotUseTheOnesAboveIt(string layer, string forbidden) =>
        Assert.Empty(TypeUses.Between(Operator, layer, forbidden));

    [Fact]
    public void TheScan_SeesUsesInsideMethodBodies()
    {
        // Positive controls, so that the empty answers above mean something: LocalCluster reads the samples with
        // TenantManifests only inside a method, and the reconciler's steps call Core inside async state machines.
        Assert.Contains("TenantOperator.Hosting.LocalCluster -> TenantOperator.Manifests.TenantManifests", TypeUses.Between(Operator, "TenantOperator.Hosting", "TenantOperator.Manifests"));
        Assert.Contains(TypeUses.Between(Operator, "TenantOperator.Controller", "TenantOperator.Policy.Reconciliation"), use => use.Contains("PolicyActions", StringComparison.Ordinal));
    }
}
