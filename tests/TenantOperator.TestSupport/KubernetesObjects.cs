using k8s.Models;

namespace TenantOperator.TestSupport;

/// <summary>Built-in Kubernetes objects as a test arranges them, in the terms a user writes (names and <c>key=value</c> labels).</summary>
public static class KubernetesObjects
{
    /// <summary>A Namespace with these labels (none when null), in phase Terminating when <paramref name="terminating"/>.</summary>
    public static V1Namespace Namespace(string name, IDictionary<string, string>? labels = null, bool terminating = false) => new()
    {
        ApiVersion = "v1",
        Kind = "Namespace",
        Metadata = new V1ObjectMeta { Name = name, Labels = labels },
        Status = terminating ? new V1NamespaceStatus { Phase = "Terminating" } : null,
    };

    /// <summary>Labels written as a user writes them on the command line: <c>"team=a,tier=web"</c> (empty: none).</summary>
    public static Dictionary<string, string> Labels(string labels) =>
        labels.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
}
