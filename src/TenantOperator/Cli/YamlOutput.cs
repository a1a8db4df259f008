using k8s;

namespace TenantOperator.Cli;

/// <summary>Kubernetes objects as YAML the way kubectl writes them, each document ending in a newline.</summary>
internal static class YamlOutput
{
    /// <summary>One object.</summary>
    public static string Document(object value)
    {
        var yaml = KubernetesYaml.Serialize(value);
        return yaml.EndsWith('\n') ? yaml : yaml + "\n";
    }

    /// <summary>Several objects as a multi-document stream, each introduced by <c>---</c>.</summary>
    public static string Documents(IEnumerable<object> values) => string.Concat(values.Select(v => "---\n" + Document(v)));
}
