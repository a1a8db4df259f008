using k8s.Models;

namespace TenantOperator.Policy.Evaluation;

/// <summary>Turns a V1Namespace into a <see cref="EvaluatedNamespace"/>, adding the label the API server always sets.</summary>
internal static class NamespaceCompiler
{
    public const string NameLabel = "kubernetes.io/metadata.name";

    public static EvaluatedNamespace Compile(V1Namespace ns)
    {
        var name = ns.Metadata?.Name;
        if (string.IsNullOrEmpty(name))
        {
            throw new ObjectErrors("Namespace", ObjectErrors.NameOf(null, name)).Required("metadata.name", "a Namespace needs a name");
        }

        return new EvaluatedNamespace(name, LabelsOf(name, ns.Metadata!.Labels), Implicit: false);
    }

    /// <summary>A namespace that pods or policies name but that was not given: only its name label is known.</summary>
    public static EvaluatedNamespace Assume(string name) => new(name, LabelsOf(name, null), Implicit: true);

    private static IReadOnlyDictionary<string, string> LabelsOf(string name, IDictionary<string, string>? labels)
    {
        var result = labels is null ? new Dictionary<string, string>(StringComparer.Ordinal) : new Dictionary<string, string>(labels, StringComparer.Ordinal);

        // The API server sets this label to the name on every namespace and refuses any other value, so a file that
        // lacks it (or carries a stale value) describes the same namespace with it.
        result[NameLabel] = name;
        return result.AsReadOnly();
    }
}
