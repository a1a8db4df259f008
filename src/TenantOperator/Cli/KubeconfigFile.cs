using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Exceptions;
using TenantOperator.Manifests;
using YamlDotNet.Core;

namespace TenantOperator.Cli;

/// <summary>
/// Loads a kubeconfig for <c>audit --kubeconfig</c> and <c>run</c>. The file is first read like any manifest (the
/// <see cref="InputLimits"/>, kubectl's YAML reading, located syntax errors) and its shape checked as kubectl's
/// clientcmd would (<c>kind: Config</c>; <c>clusters</c>, <c>contexts</c> and <c>users</c> lists of named entries), so a
/// file that is not a kubeconfig gets an error that says where and why; only then does KubernetesClient build the
/// configuration from it.
/// </summary>
internal static class KubeconfigFile
{
    private static readonly (string List, string Entry)[] NamedLists = [("clusters", "cluster"), ("contexts", "context"), ("users", "user")];

    /// <summary>The client configuration in <paramref name="path"/>.</summary>
    /// <exception cref="KubeConfigException">The file cannot be read or is not a kubeconfig; the message says where and why.</exception>
    public static KubernetesClientConfiguration Load(string path)
    {
        var (documents, problems) = ManifestReader.Read([path]);
        if (problems.Count > 0)
        {
            throw new KubeConfigException($"kubeconfig {problems[0]}");
        }

        if (documents.Count != 1)
        {
            throw new KubeConfigException($"kubeconfig {path}: not a kubeconfig: expected one YAML mapping with clusters, contexts and users, found {documents.Count} object(s)");
        }

        var shapeErrors = ShapeErrors(documents[0].Content);
        if (shapeErrors.Count > 0)
        {
            throw new KubeConfigException($"kubeconfig {path}: not a kubeconfig: {string.Join("; ", shapeErrors)}");
        }

        try
        {
            var configuration = KubernetesClientConfiguration.BuildConfigFromConfigFile(path);
            // A client reads the certificates: bad certificate data fails here, with the file named, not at first use.
            using var client = new Kubernetes(configuration);
            return configuration;
        }
        catch (Exception ex) when (ex is KubeConfigException or YamlException or InvalidCastException or FormatException or IOException
            or UnauthorizedAccessException or CryptographicException or ArgumentException or InvalidOperationException)
        {
            // What KubernetesClient's own reading refuses past the shape check: a missing context, unreadable
            // certificate data, a certificate file that does not exist.
            throw new KubeConfigException($"kubeconfig {path}: {Quoted.OneLine(ex.Message)}", ex);
        }
    }

    /// <summary>Where the document departs from a kubeconfig's shape (k8s.io/client-go/tools/clientcmd/api/v1 Config).</summary>
    private static List<string> ShapeErrors(JsonObject config)
    {
        var errors = new List<string>();
        if (config["kind"] is { } kind && (kind.GetValueKind() != JsonValueKind.String || kind.GetValue<string>() != "Config"))
        {
            errors.Add($"kind: Invalid value: {kind.ToJsonString()}: a kubeconfig has kind Config");
        }

        if (config["current-context"] is { } current && current.GetValueKind() != JsonValueKind.String)
        {
            errors.Add($"current-context: Invalid value: {current.ToJsonString()}: must be a string");
        }

        foreach (var (list, entry) in NamedLists)
        {
            switch (config[list])
            {
                case null:
                    break;
                case JsonArray items:
                    for (var i = 0; i < items.Count; i++)
                    {
                        if (items[i] is not JsonObject item || item["name"]?.GetValueKind() != JsonValueKind.String || item[entry] is not (null or JsonObject))
                        {
                            errors.Add($"{list}[{i}]: Invalid value: must be a mapping with a name (a string) and a {entry} (a mapping)");
                        }
                    }

                    break;
                default:
                    errors.Add($"{list}: Invalid value: must be a list of mappings with name and {entry}");
                    break;
            }
        }

        if (errors.Count == 0 && NamedLists.All(l => config[l.List] is null))
        {
            errors.Add("it has no clusters, contexts or users");
        }

        return errors;
    }
}
