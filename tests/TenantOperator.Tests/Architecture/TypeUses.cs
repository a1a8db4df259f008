using System.Reflection;
using System.Reflection.Emit;

namespace TenantOperator.Tests.Architecture;

/// <summary>
/// Which types a loaded type's code uses: its signatures (base type, interfaces, fields, properties, parameters and
/// returns) and its method bodies (every type, field, method and token the IL names), lambdas and state machines
/// included, since the compiler makes them nested types that are scanned as their outer type.
/// </summary>
internal static class TypeUses
{
    private static readonly OpCode[] OneByte = new OpCode[256];
    private static readonly OpCode[] TwoByte = new OpCode[256];

    static TypeUses()
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

    /// <summary>"Type -> used type" for every type of namespace <paramref name="forbidden"/> (or below) that code of
    /// namespace <paramref name="layer"/> (or below) in <paramref name="assembly"/> uses.</summary>
    public static SortedSet<string> Between(Assembly assembly, string layer, string forbidden)
    {
        var uses = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var type in assembly.GetTypes().Where(t => InNamespace(t, layer)))
        {
            foreach (var used in UsedTypes(type).Where(u => InNamespace(u, forbidden)))
            {
                uses.Add($"{Outermost(type).FullName} -> {Outermost(used).FullName}");
            }
        }

        return uses;
    }

    /// <summary>The type itself, or for a generic instance or an array, the definitions and arguments it is made of.</summary>
    public static IEnumerable<Type> Flatten(Type type)
    {
        if (type.HasElementType)
        {
            return Flatten(type.GetElementType()!);
        }

        return type.IsGenericType && !type.IsGenericTypeDefinition
            ? type.GetGenericArguments().SelectMany(Flatten).Prepend(type.GetGenericTypeDefinition())
            : [type];
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

    private static bool InNamespace(Type type, string ns) =>
        Outermost(type).Namespace is { } name && (name == ns || name.StartsWith(ns + ".", StringComparison.Ordinal));

    private static Type Outermost(Type type) => type.DeclaringType is { } outer ? Outermost(outer) : type;
}
