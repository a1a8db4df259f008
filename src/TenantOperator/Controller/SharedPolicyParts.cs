using System.Security.Cryptography;
using System.Text;
using k8s;
using k8s.Models;

namespace TenantOperator.Controller;

/// <summary>
/// Makes the NetworkPolicies in the cache share their equal parts. A tenant's policy of one name has the same spec,
/// labels, annotations and ownerReference in each of its namespaces, and whole families (every default deny) have
/// the same spec, so at 1,000 tenants × 10 namespaces about 56,000 cached policies hold some 1,200 distinct specs.
/// Deserialized one by one they take about 180 MB; shared, about 40 MB (docs/PERFORMANCE.md). The informer hands
/// every object it receives through <see cref="Share"/> (see <see cref="Runtime.Informers.TransformingListWatchSource{T}"/>).
/// </summary>
/// <remarks>
/// <para>
/// Sharing is safe because cached objects are read-only for everyone (see <see cref="Runtime.Informers.ResourceCache{T}"/>):
/// whoever writes clones first. Parts are matched by the SHA-256 of their JSON, so only parts that serialize the
/// same, and so mean the same to the API server, are shared. The table holds parts weakly: a part no cached policy
/// uses any more is collected, and its entry is purged once the table has seen as many additions as it has entries.
/// </para>
/// <para>
/// Names are shared too: the namespace's from the namespace cache (when given), and one string per name of the
/// operator's own policies.
/// </para>
/// <para>
/// <c>metadata.managedFields</c> is dropped: the operator never reads it, a real API server sends it on every object,
/// and it is the largest part of their metadata (controller-runtime recommends the same).
/// </para>
/// </remarks>
public sealed class SharedPolicyParts(Func<string, string?>? namespaceName = null)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, WeakReference<object>> _parts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _managedNames = new(StringComparer.Ordinal);
    private int _additionsSincePurge;

    /// <summary>How many parts the table knows (live or not yet purged), for tests.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _parts.Count;
            }
        }
    }

    /// <summary>Replaces the parts of <paramref name="policy"/> with equal ones already shared, and drops its managedFields.</summary>
    public V1NetworkPolicy Share(V1NetworkPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (policy.Metadata is { } metadata)
        {
            metadata.ManagedFields = null;
            metadata.NamespaceProperty = SharedNamespace(metadata.NamespaceProperty);
            metadata.Name = SharedName(metadata);
            metadata.Labels = Shared("labels", metadata.Labels);
            metadata.Annotations = Shared("annotations", metadata.Annotations);
            metadata.OwnerReferences = Shared("ownerReferences", metadata.OwnerReferences);
        }

        policy.Spec = Shared("spec", policy.Spec);
        return policy;
    }

    /// <summary>
    /// The spec already shared that equals <paramref name="spec"/>, or <paramref name="spec"/>, now shared. The planner
    /// passes its specs through here (<see cref="Policy.Planning.PlannerOptions.SpecPool"/>), so a plan holds no second
    /// copy of what the cache holds, and a planned policy in place compares with its spec by reference.
    /// </summary>
    public V1NetworkPolicySpec ShareSpec(V1NetworkPolicySpec spec) => Shared("spec", spec)!;

    /// <summary>Drops the managedFields of any object: a transform for the caches whose objects share little.</summary>
    public static T WithoutManagedFields<T>(T item) where T : IKubernetesObject<V1ObjectMeta>
    {
        if (item.Metadata is { } metadata)
        {
            metadata.ManagedFields = null;
        }

        return item;
    }

    /// <summary>The namespace's own name string, as the namespace cache holds it, when it is there.</summary>
    private string? SharedNamespace(string? ns) => ns is not null && namespaceName?.Invoke(ns) is { } shared ? shared : ns;

    /// <summary>
    /// One string per name of the operator's own policies: a few names (one per rule) across 56,000 policies. Only
    /// managed policies' names are pooled, so the pool grows with the tenants' rules, not with whatever others name theirs.
    /// </summary>
    private string? SharedName(V1ObjectMeta metadata)
    {
        if (metadata.Name is not { } name || metadata.Labels?.ContainsKey(Api.WellKnown.ManagedByLabel) != true)
        {
            return metadata.Name;
        }

        lock (_lock)
        {
            if (_managedNames.TryGetValue(name, out var shared))
            {
                return shared;
            }

            _managedNames[name] = name;
            return name;
        }
    }

    private T? Shared<T>(string kind, T? part) where T : class
    {
        if (part is null)
        {
            return null;
        }

        var key = $"{kind}:{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(KubernetesJson.Serialize(part))))}";
        lock (_lock)
        {
            if (_parts.TryGetValue(key, out var known) && known.TryGetTarget(out var existing) && existing is T shared)
            {
                return shared;
            }

            _parts[key] = new WeakReference<object>(part);
            if (++_additionsSincePurge >= Math.Max(1024, _parts.Count))
            {
                Purge();
            }

            return part;
        }
    }

    // Caller holds _lock.
    private void Purge()
    {
        foreach (var (key, weak) in _parts)
        {
            if (!weak.TryGetTarget(out _))
            {
                _parts.Remove(key);
            }
        }

        _additionsSincePurge = 0;
    }
}
