using System.Reflection;
using k8s;
using k8s.Models;

namespace TenantOperator.Runtime.Informers;

/// <summary>Where a resource type lives in the API: group, version, kind and plural.</summary>
/// <param name="Group">API group; empty for the core group.</param>
/// <param name="Version">API version, e.g. <c>v1</c> or <c>v1alpha1</c>.</param>
/// <param name="Kind">Kind, e.g. <c>NetworkPolicy</c>.</param>
/// <param name="Plural">Plural resource name in URLs, e.g. <c>networkpolicies</c>.</param>
public sealed record ResourceTypeInfo(string Group, string Version, string Kind, string Plural)
{
    /// <summary><c>group/version</c>, or just the version for the core group.</summary>
    public string ApiVersion => string.IsNullOrEmpty(Group) ? Version : $"{Group}/{Version}";

    /// <summary>Reads the type's <see cref="KubernetesEntityAttribute"/> (KubernetesClient's models and our CRD types carry one).</summary>
    /// <exception cref="InvalidOperationException">When <typeparamref name="T"/> has no such attribute.</exception>
    public static ResourceTypeInfo For<T>()
    {
        var entity = typeof(T).GetCustomAttribute<KubernetesEntityAttribute>()
            ?? throw new InvalidOperationException($"{typeof(T).Name} has no [KubernetesEntity] attribute naming its group, version, kind and plural.");
        return new ResourceTypeInfo(entity.Group ?? "", entity.ApiVersion, entity.Kind, entity.PluralName);
    }

    /// <summary>Sets apiVersion and kind where the server left them out (items of a list come without).</summary>
    public void Stamp<T>(T resource) where T : IKubernetesObject
    {
        if (resource is null)
        {
            return;
        }

        if (string.IsNullOrEmpty(resource.ApiVersion))
        {
            resource.ApiVersion = ApiVersion;
        }

        if (string.IsNullOrEmpty(resource.Kind))
        {
            resource.Kind = Kind;
        }
    }
}
