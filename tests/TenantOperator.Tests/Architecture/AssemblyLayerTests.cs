using System.Reflection;
using System.Reflection.Emit;
using k8s;
using k8s.Models;
using TenantOperator.Api;
using TenantOperator.ApiMachinery;
using TenantOperator.LocalApiServer;
using TenantOperator.Runtime.Queue;

namespace TenantOperator.Tests.Architecture;

/// <summary>
/// The projects' layers (docs/design.md, "Layers"), read from the built assemblies' metadata: which assembly may
/// reference which, and which types of a package it may use. The layers inside the operator are
/// <see cref="NamespaceLayerTests"/>.
/// </summary>
public sealed class AssemblyLayerTests
{
    [Fact]
    public void Core_DependsOnNothingOfTheOperatorAndOnlyOnKubernetesClientsModel()
    {
        var core = AssemblyDependencies.Read(typeof(TenantIsolation).Assembly.Location);

        Assert.Equal("TenantOperator.Core", core.Name);
        Assert.Empty(Layers.Core.Violations(core));
    }

    [Fact]
    public void LocalApiServer_DependsOnNothingOfTheOperator()
    {
        var server = AssemblyDependencies.Read(typeof(LocalKubernetesApiServer).Assembly.Location);

        Assert.Equal("TenantOperator.LocalApiServer", server.Name);
        Assert.Empty(Layers.LocalApiServer.Violations(server));
    }

    [Fact]
    public void ApiMachinery_DependsOnNothingOfOursAndOnNoPackage()
    {
        var leaf = AssemblyDependencies.Read(typeof(KubernetesNames).Assembly.Location);

        Assert.Equal("TenantOperator.ApiMachinery", leaf.Name);
        Assert.Empty(Layers.ApiMachinery.Violations(leaf));
        Assert.All(leaf.ReferencedAssemblies, a => Assert.True(a.StartsWith("System.", StringComparison.Ordinal), $"{a} is not part of .NET"));
    }

    [Fact]
    public void TheReader_SeesTheTypesAnAssemblyUses()
    {
        // Guards the rules above against passing because the reader sees nothing: Core does use the model.
        var core = AssemblyDependencies.Read(typeof(TenantIsolation).Assembly.Location);

        Assert.Contains(new TypeName("k8s.Models", "V1NetworkPolicy", "KubernetesClient"), core.ReferencedTypes);
        Assert.Contains(core.DefinedTypes, t => t.FullName == "TenantOperator.Api.TenantIsolation");
    }

    [Fact]
    public void CoreRule_CatchesAnAssemblyThatUsesTheClientAndTheRuntime()
    {
        var fixture = AssemblyDependencies.Read(Fixture(
            "TenantOperator.Runtime.Queue", "Leak", typeof(IKubernetes), typeof(IWorkQueue<string>), typeof(V1Namespace)));

        var violations = Layers.Core.Violations(fixture);

        Assert.Equal(
            [
                "Core (ArchitectureFixture) defines TenantOperator.Runtime.Queue.Leak in a namespace it may not own",
                "Core (ArchitectureFixture) references assembly tenant-operator",
                "Core (ArchitectureFixture) uses TenantOperator.Runtime.Queue.IWorkQueue`1 [tenant-operator], from a namespace it may not depend on",
                "Core (ArchitectureFixture) uses k8s.IKubernetes [KubernetesClient], outside the part of KubernetesClient it may use",
            ],
            violations.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void CoreRule_PassesAnAssemblyThatUsesOnlyTheModel()
    {
        var fixture = AssemblyDependencies.Read(Fixture("TenantOperator.Policy.Fixture", "Clean", typeof(V1Namespace), typeof(IKubernetesObject<V1ObjectMeta>)));

        Assert.Empty(Layers.Core.Violations(fixture));
    }

    [Fact]
    public void LocalApiServerRule_CatchesAnAssemblyThatUsesCoresTypes()
    {
        var fixture = AssemblyDependencies.Read(Fixture("TenantOperator.LocalApiServer.Fixture", "Leak", typeof(TenantIsolation)));

        Assert.Equal(
            [
                "LocalApiServer (ArchitectureFixture) references assembly TenantOperator.Core",
                "LocalApiServer (ArchitectureFixture) uses TenantOperator.Api.TenantIsolation [TenantOperator.Core], from a namespace it may not depend on",
            ],
            Layers.LocalApiServer.Violations(fixture));
    }

    [Fact]
    public void ApiMachineryRule_CatchesAnAssemblyThatUsesTheLocalApiServer()
    {
        var fixture = AssemblyDependencies.Read(Fixture("TenantOperator.ApiMachinery.Fixture", "Leak", typeof(LocalKubernetesApiServer)));

        Assert.Equal(
            [
                "ApiMachinery (ArchitectureFixture) references assembly TenantOperator.LocalApiServer",
                "ApiMachinery (ArchitectureFixture) uses TenantOperator.LocalApiServer.LocalKubernetesApiServer [TenantOperator.LocalApiServer], from a namespace it may not depend on",
            ],
            Layers.ApiMachinery.Violations(fixture));
    }

    /// <summary>
    /// A real assembly, emitted and saved here: one public type in <paramref name="ns"/> with a field of each given
    /// type, so its metadata references those types and their assemblies exactly as compiled code would.
    /// </summary>
    private static MemoryStream Fixture(string ns, string name, params Type[] fieldTypes)
    {
        var builder = new PersistedAssemblyBuilder(new AssemblyName("ArchitectureFixture"), typeof(object).Assembly);
        var module = builder.DefineDynamicModule("ArchitectureFixture");
        var type = module.DefineType($"{ns}.{name}", TypeAttributes.Public | TypeAttributes.Class);
        for (var i = 0; i < fieldTypes.Length; i++)
        {
            type.DefineField($"Field{i}", fieldTypes[i], FieldAttributes.Public);
        }

        type.CreateType();
        var image = new MemoryStream();
        builder.Save(image);
        image.Position = 0;
        return image;
    }
}
