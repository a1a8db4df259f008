using k8s;
using k8s.Models;

namespace TenantOperator.Hosting;

/// <summary>
/// The guardrails as shipped in <c>config/guardrails</c> (ValidatingAdmissionPolicies and their bindings), built into
/// this assembly, in kustomization order. The policies name the operator by its ServiceAccount user name; for an
/// operator in another namespace that name is rewritten, as the namespace setting of a kustomization would be.
/// </summary>
public static class GuardrailManifests
{
    private const string Directory = "guardrails";

    /// <summary>The objects, in kustomization order, for an operator in <paramref name="operatorNamespace"/>.</summary>
    public static IReadOnlyList<IKubernetesObject<V1ObjectMeta>> Load(string operatorNamespace)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(operatorNamespace);
        var shipped = $"system:serviceaccount:{RbacManifests.ShippedNamespace}:";
        var actual = $"system:serviceaccount:{operatorNamespace}:";
        var objects = new List<IKubernetesObject<V1ObjectMeta>>();
        foreach (var file in Files())
        {
            foreach (var document in KubernetesYaml.LoadAllFromString(EmbeddedConfig.Read(Directory, file).Replace(shipped, actual, StringComparison.Ordinal)))
            {
                objects.Add(document as IKubernetesObject<V1ObjectMeta>
                    ?? throw new InvalidOperationException($"config/guardrails/{file} holds a {document.GetType().Name}, not a Kubernetes object."));
            }
        }

        return objects;
    }

    /// <summary>The file names in <c>config/guardrails/kustomization.yaml</c>'s <c>resources</c>, in order.</summary>
    public static IReadOnlyList<string> Files() => EmbeddedConfig.Files(Directory);

    /// <summary>The text of one built-in file of <c>config/guardrails</c>.</summary>
    public static string Read(string file) => EmbeddedConfig.Read(Directory, file);
}
