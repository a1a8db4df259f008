using System.Reflection;
using System.Reflection.Emit;
using TenantOperator.Controller;
using TenantOperator.LocalApiServer;
using TenantOperator.Policy.Planning;

namespace TenantOperator.Tests;

/// <summary>
/// The layers of docs/design.md ("Layers"), read from the compiled assemblies: which assembly references which, and,
/// inside the operator, which namespace's code (signatures and method bodies, lambdas and state machines included)
/// uses which namespace's types.
/// </summary>
public class ArchitectureTests
{
    private static readonly Assembly Operator = typeof(TenantReconciler).Assembly;
    private static readonly Assembly Core = typeof(ClusterPlanner).Assembly;
    private static readonly Assembly LocalApiServer = typeof(LocalKubernetesApiServer).Assembly;

    private static readonly OpCode[] OneByte = new OpCode[256];
    private static readonly OpCode[] TwoByte = new OpCode[256];

    static ArchitectureTests()
    {
        foreach (var field in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var code = (OpCode)field.GetValue(null)!;
            var value = (ushort)code.Value;
            if (code.Size == 1)
            {
                OneByte[value] = code;
            }
            else
            {
                TwoByte[value & 0xff] = code;
            }
        }
    }

    [Fact]
    public void Core_ReferencesNoOtherProjectOfOurs() =>
        Assert.DoesNotContain(Core.GetReferencedAssemblies(), a => a.Name == Operator.GetName().Name || a.Name == LocalApiServer.GetName().Name);

    [Fact]
    public void TheLocalApiServer_ReferencesNeitherTheOperatorNorCore() =>
        Assert.DoesNotContain(LocalApiServer.GetReferencedAssemblies(), a => a.Name == Operator.GetName().Name || a.Name == Core.GetName().Name);

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
        Assert.Empty(Uses(layer, forbidden));

    [Fact]
    public void TheScan_SeesUsesInsideMethodBodies()
    {
        // Positive controls, so that the empty answers above mean something: LocalCluster reads the samples with
        // TenantManifests only inside a method, and the reconciler's steps call Core inside async state machines.
        Assert.Contains("TenantOperator.Hosting.LocalCluster -> TenantOperator.Manifests.TenantManifests", Uses("TenantOperator.Hosting", "TenantOperator.Manifests"));
        Assert.Contains(Uses("TenantOperator.Controller", "TenantOperator.Policy.Reconciliation"), use => use.Contains("PolicyActions", StringComparison.Ordinal));
    }

    [Fact]
    public void TheWriter_NamesNoKind_ButTheEventsTheRuntimeRecords()
    {
        var models = typeof(TenantOperator.Runtime.Writes.IKubernetesWriter).GetMethods()
            .SelectMany(m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType))
            .SelectMany(Flatten)
            .Where(t => t.Namespace == "k8s.Models")
            .Select(t => t.Name)
            .Distinct()
            .Order(StringComparer.Ordinal);

        Assert.Equal(["Corev1Event", "V1Patch", "V1Preconditions"], models);
    }

    /// <summary>"Type -> used type" for every type of <paramref name="forbidden"/> that code in <paramref name="layer"/> uses.</summary>
    private static SortedSet<string> Uses(string layer, string forbidden)
    {
        var uses = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var type in Operator.GetTypes().Where(t => InNamespace(t, layer)))
        {
            foreach (var used in UsedTypes(type).Where(u => InNamespace(u, forbidden)))
            {
                uses.Add($"{Outermost(type).FullName} -> {Outermost(used).FullName}");
            }
        }

        return uses;
    }

    private static IEnumerable<Type> UsedTypes(Type type)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var signatures = new List<Type>();
        if (type.BaseType is { } baseType)
        {
            signatures.Add(baseType);
        }

        signatures.AddRange(type.GetInterfaces());
        signatures.AddRange(type.GetFields(all).Select(f => f.FieldType));
        signatures.AddRange(type.GetProperties(all).Select(p => p.PropertyType));
        var methods = type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)).ToList();
        foreach (var method in methods)
        {
            signatures.AddRange(method.GetParameters().Select(p => p.ParameterType));
            if (method is MethodInfo info)
            {
                signatures.Add(info.ReturnType);
            }
        }

        return signatures.SelectMany(Flatten).Concat(methods.SelectMany(BodyTypes).SelectMany(Flatten));
    }

    /// <summary>The declaring types of the members and the types an IL body names (calls, fields, types, tokens).</summary>
    private static IEnumerable<Type> BodyTypes(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
        {
            yield break;
        }

        var typeArguments = method.DeclaringType is { IsGenericType: true } declaring ? declaring.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        var at = 0;
        while (at < il.Length)
        {
            var code = il[at] == 0xfe ? TwoByte[il[++at]] : OneByte[il[at]];
            at++;
            if (code.OperandType is OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok)
            {
                var member = method.Module.ResolveMember(BitConverter.ToInt32(il, at), typeArguments, methodArguments);
                if (member is Type named)
                {
                    yield return named;
                }
                else if (member?.DeclaringType is { } owner)
                {
                    yield return owner;
                }
            }

            at += OperandSize(code, il, at);
        }
    }

    private static int OperandSize(OpCode code, byte[] il, int at) => code.OperandType switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, at)),
        _ => 4,
    };

    private static IEnumerable<Type> Flatten(Type type)
    {
        if (type.HasElementType)
        {
            return Flatten(type.GetElementType()!);
        }

        return type.IsGenericType && !type.IsGenericTypeDefinition
            ? type.GetGenericArguments().SelectMany(Flatten).Prepend(type.GetGenericTypeDefinition())
            : [type];
    }

    private static bool InNamespace(Type type, string ns) =>
        Outermost(type).Namespace is { } name && (name == ns || name.StartsWith(ns + ".", StringComparison.Ordinal));

    private static Type Outermost(Type type) => type.DeclaringType is { } outer ? Outermost(outer) : type;
}
