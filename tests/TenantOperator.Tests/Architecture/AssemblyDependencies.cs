using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace TenantOperator.Tests.Architecture;

/// <summary>A type by its namespace and name, and the assembly that holds it (for a reference).</summary>
internal sealed record TypeName(string Namespace, string Name, string Assembly)
{
    public string FullName => Namespace.Length == 0 ? Name : $"{Namespace}.{Name}";

    public override string ToString() => $"{FullName} [{Assembly}]";
}

/// <summary>
/// What an assembly depends on, read from its metadata alone (nothing is loaded or run): the assemblies it references,
/// the types it defines, and every type it uses from another assembly. The compiler records a type reference for each
/// type a method signature, field, base type, attribute or method body names, so this is the whole surface.
/// </summary>
internal sealed record AssemblyDependencies(
    string Name,
    IReadOnlyList<string> ReferencedAssemblies,
    IReadOnlyList<TypeName> DefinedTypes,
    IReadOnlyList<TypeName> ReferencedTypes)
{
    public static AssemblyDependencies Read(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream);
    }

    public static AssemblyDependencies Read(Stream image)
    {
        using var pe = new PEReader(image, PEStreamOptions.LeaveOpen);
        var md = pe.GetMetadataReader();
        var name = md.GetString(md.GetAssemblyDefinition().Name);

        var assemblies = md.AssemblyReferences
            .Select(h => md.GetString(md.GetAssemblyReference(h).Name))
            .ToList();

        var defined = md.TypeDefinitions
            .Select(h => md.GetTypeDefinition(h))
            .Where(t => !t.GetDeclaringType().IsNil || md.GetString(t.Name) != "<Module>")
            .Select(t => Defined(md, t, name))
            .ToList();

        var referenced = md.TypeReferences
            .Select(h => Referenced(md, h))
            .OfType<TypeName>()
            .ToList();

        return new AssemblyDependencies(name, assemblies, defined, referenced);
    }

    private static TypeName Defined(MetadataReader md, TypeDefinition type, string assembly)
    {
        // A nested type carries no namespace of its own: it lives in its outermost declaring type's.
        var outer = type;
        var name = md.GetString(type.Name);
        while (!outer.GetDeclaringType().IsNil)
        {
            outer = md.GetTypeDefinition(outer.GetDeclaringType());
            name = $"{md.GetString(outer.Name)}+{name}";
        }

        return new TypeName(md.GetString(outer.Namespace), name, assembly);
    }

    /// <summary>The referenced type with the assembly it resolves to, or null for a type of this very module.</summary>
    private static TypeName? Referenced(MetadataReader md, TypeReferenceHandle handle)
    {
        var type = md.GetTypeReference(handle);
        var name = md.GetString(type.Name);
        while (type.ResolutionScope.Kind == HandleKind.TypeReference)
        {
            type = md.GetTypeReference((TypeReferenceHandle)type.ResolutionScope);
            name = $"{md.GetString(type.Name)}+{name}";
        }

        return type.ResolutionScope.Kind == HandleKind.AssemblyReference
            ? new TypeName(md.GetString(type.Namespace), name,
                md.GetString(md.GetAssemblyReference((AssemblyReferenceHandle)type.ResolutionScope).Name))
            : null;
    }
}
