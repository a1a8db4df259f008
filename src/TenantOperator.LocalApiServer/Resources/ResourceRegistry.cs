using System.Collections.Immutable;

namespace TenantOperator.LocalApiServer.Resources;

/// <summary>
/// The resources currently served: the built-ins and those of established CRDs. Readers get a consistent
/// snapshot without locking; CRD changes swap the whole set.
/// </summary>
internal sealed class ResourceRegistry
{
    private readonly Lock _writeGate = new();
    private ImmutableList<ResourceDefinition> _all;

    public ResourceRegistry(IEnumerable<ResourceDefinition> builtIns)
    {
        _all = [.. builtIns];
    }

    /// <summary>The kube-apiserver release the server follows where releases differ: the CEL environment of CRD rules.</summary>
    public Schema.KubernetesVersion KubernetesVersion { get; init; } = Schema.KubernetesVersion.Default;

    /// <summary>Every served resource version, in a stable order (built-ins first, then CRDs in creation order).</summary>
    public IReadOnlyList<ResourceDefinition> All => Volatile.Read(ref _all);

    /// <summary>The resource served at group/version/resource, or null.</summary>
    public ResourceDefinition? Find(string group, string version, string resource)
    {
        foreach (var definition in All)
        {
            if (definition.Resource == resource && definition.Version == version && definition.Group == group)
            {
                return definition;
            }
        }

        return null;
    }

    /// <summary>Every served version of the resources stored under <paramref name="storageKey"/>.</summary>
    public IEnumerable<ResourceDefinition> ByStorageKey(string storageKey) => All.Where(d => d.StorageKey == storageKey);

    /// <summary>The distinct storage keys of namespaced resources, for namespace cleanup.</summary>
    public IEnumerable<ResourceDefinition> NamespacedStorages() =>
        All.Where(d => d.Namespaced).GroupBy(d => d.StorageKey).Select(g => g.First());

    /// <summary>Replaces the resources a CRD declares (empty to stop serving them).</summary>
    public void SetCustomResources(string crdName, IReadOnlyList<ResourceDefinition> definitions)
    {
        lock (_writeGate)
        {
            var current = Volatile.Read(ref _all);
            var firstIndex = current.FindIndex(d => d.CrdName == crdName);
            var kept = current.RemoveAll(d => d.CrdName == crdName);
            var next = firstIndex < 0 ? kept.AddRange(definitions) : kept.InsertRange(Math.Min(firstIndex, kept.Count), definitions);
            Volatile.Write(ref _all, next);
        }
    }
}
