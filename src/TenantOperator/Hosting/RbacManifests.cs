using k8s;
using k8s.Models;

namespace TenantOperator.Hosting;

/// <summary>
/// The operator's RBAC as shipped: the files of <c>config/rbac</c>, built into this assembly from the repository
/// (the files are the source of truth; the build copies them, so a published binary has them without the source
/// tree), in the order of their <c>kustomization.yaml</c>. Like kustomize's <c>namespace</c> setting, another
/// operator namespace moves the namespaced objects and the ServiceAccount subjects there.
/// </summary>
public static class RbacManifests
{
    /// <summary>The namespace the files name.</summary>
    public const string ShippedNamespace = "tenant-operator-system";

    private const string Directory = "rbac";

    /// <summary>The objects, in kustomization order, for an operator in <paramref name="operatorNamespace"/>.</summary>
    public static IReadOnlyList<IKubernetesObject<V1ObjectMeta>> Load(string operatorNamespace)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(operatorNamespace);
        var objects = new List<IKubernetesObject<V1ObjectMeta>>();
        foreach (var file in Files())
        {
            foreach (var document in KubernetesYaml.LoadAllFromString(Read(file)))
            {
                var obj = document as IKubernetesObject<V1ObjectMeta>
                    ?? throw new InvalidOperationException($"config/rbac/{file} holds a {document.GetType().Name}, not a Kubernetes object.");
                MoveToNamespace(obj, operatorNamespace);
                objects.Add(obj);
            }
        }

        return objects;
    }

    /// <summary>The file names in <c>config/rbac/kustomization.yaml</c>'s <c>resources</c>, in order.</summary>
    public static IReadOnlyList<string> Files() => EmbeddedConfig.Files(Directory);

    /// <summary>The text of one built-in file of <c>config/rbac</c>.</summary>
    public static string Read(string file) => EmbeddedConfig.Read(Directory, file);

    private static void MoveToNamespace(IKubernetesObject<V1ObjectMeta> obj, string ns)
    {
        if (obj.Metadata.NamespaceProperty is { Length: > 0 })
        {
            obj.Metadata.NamespaceProperty = ns;
        }

        var subjects = obj switch
        {
            V1RoleBinding binding => binding.Subjects,
            V1ClusterRoleBinding binding => binding.Subjects,
            _ => null,
        };
        foreach (var subject in subjects ?? [])
        {
            if (subject.Kind == "ServiceAccount" && subject.NamespaceProperty == ShippedNamespace)
            {
                subject.NamespaceProperty = ns;
            }
        }
    }
}
