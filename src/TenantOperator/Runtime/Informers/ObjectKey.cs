using k8s;
using k8s.Models;

namespace TenantOperator.Runtime.Informers;

/// <summary>Cache keys as client-go writes them: <c>namespace/name</c>, or <c>name</c> for cluster-scoped objects.</summary>
public static class ObjectKey
{
    /// <summary>The key of <paramref name="resource"/>.</summary>
    /// <exception cref="ArgumentException">When the object has no <c>metadata.name</c>.</exception>
    public static string Of(IKubernetesObject<V1ObjectMeta> resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var name = resource.Metadata?.Name;
        if (string.IsNullOrEmpty(name))
        {
            throw new ArgumentException($"A {resource.Kind ?? "Kubernetes object"} without metadata.name has no cache key.", nameof(resource));
        }

        return For(resource.Metadata!.NamespaceProperty, name);
    }

    /// <summary>The key of the object <paramref name="name"/> in <paramref name="namespace"/> (null or empty for cluster-scoped).</summary>
    public static string For(string? @namespace, string name) =>
        string.IsNullOrEmpty(@namespace) ? name : $"{@namespace}/{name}";
}
