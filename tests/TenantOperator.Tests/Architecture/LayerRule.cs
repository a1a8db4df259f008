namespace TenantOperator.Tests.Architecture;

/// <summary>
/// What one layer may not depend on: assemblies it may not reference, namespaces it may neither define types in nor
/// use types from, and, for a package it may use in part, the only types of that package it may name.
/// </summary>
internal sealed record LayerRule(
    string Layer,
    IReadOnlyList<string> ForbiddenAssemblies,
    IReadOnlyList<string> ForbiddenNamespaces,
    IReadOnlyDictionary<string, Func<TypeName, bool>> PartlyAllowedAssemblies)
{
    /// <summary>Every breach of this rule by the assembly, one readable line each; empty when it keeps the rule.</summary>
    public IReadOnlyList<string> Violations(AssemblyDependencies assembly)
    {
        var found = new List<string>();
        found.AddRange(assembly.ReferencedAssemblies
            .Where(ForbiddenAssemblies.Contains)
            .Select(a => $"{Layer} ({assembly.Name}) references assembly {a}"));
        found.AddRange(assembly.DefinedTypes
            .Where(t => InForbiddenNamespace(t.Namespace))
            .Select(t => $"{Layer} ({assembly.Name}) defines {t.FullName} in a namespace it may not own"));
        foreach (var type in assembly.ReferencedTypes)
        {
            if (InForbiddenNamespace(type.Namespace))
            {
                found.Add($"{Layer} ({assembly.Name}) uses {type}, from a namespace it may not depend on");
            }
            else if (PartlyAllowedAssemblies.TryGetValue(type.Assembly, out var allowed) && !allowed(type))
            {
                found.Add($"{Layer} ({assembly.Name}) uses {type}, outside the part of {type.Assembly} it may use");
            }
        }

        return found;
    }

    private bool InForbiddenNamespace(string ns) =>
        ForbiddenNamespaces.Any(f => ns == f || ns.StartsWith(f + ".", StringComparison.Ordinal));
}
