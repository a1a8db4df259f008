using TenantOperator.Runtime.Writes;

namespace TenantOperator.Tests.Architecture;

/// <summary>The runtime's writer knows no kind (docs/design.md, "Runtime knows no tenant"): its surface names only
/// the kinds the runtime itself writes.</summary>
public sealed class WriterSurfaceTests
{
    [Fact]
    public void TheWriter_NamesNoKind_ButTheEventsTheRuntimeRecords()
    {
        var models = typeof(IKubernetesWriter).GetMethods()
            .SelectMany(m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType))
            .SelectMany(TypeUses.Flatten)
            .Where(t => t.Namespace == "k8s.Models")
            .Select(t => t.Name)
            .Distinct()
            .Order(StringComparer.Ordinal);

        Assert.Equal(["Corev1Event", "V1Patch", "V1Preconditions"], models);
    }
}
