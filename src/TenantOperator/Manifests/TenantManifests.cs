using k8s.Models;
using TenantOperator.Api;
using TenantOperator.Api.Validation;
using TenantOperator.ApiMachinery;

namespace TenantOperator.Manifests;

/// <summary>
/// The TenantIsolations and Namespaces found in a set of manifests, each TenantIsolation validated, with every
/// problem located by file, document and field path. Shared by <c>validate</c> and <c>render</c>.
/// </summary>
public sealed class TenantManifests
{
    /// <summary>Valid TenantIsolations, in the order read.</summary>
    public List<TenantIsolation> Tenants { get; } = [];

    /// <summary>Namespaces, in the order read.</summary>
    public List<V1Namespace> Namespaces { get; } = [];

    /// <summary>Every error, one line each, located: file, document, object and field.</summary>
    public List<string> Errors { get; } = [];

    /// <summary>Objects of other kinds, which were skipped.</summary>
    public SkippedObjects Skipped { get; } = new();

    /// <summary>How many objects were read, skipped ones included.</summary>
    public int DocumentCount { get; private set; }

    /// <summary>
    /// Reads and checks the manifests at <paramref name="paths"/>. An input that holds no object at all is an error:
    /// a pipeline that renders or validates nothing because a path was wrong must not pass.
    /// </summary>
    public static TenantManifests Load(IReadOnlyCollection<string> paths)
    {
        var result = From(ManifestReader.Read(paths));
        if (result.DocumentCount == 0 && result.Errors.Count == 0)
        {
            result.Errors.Add($"{string.Join(", ", paths.Select(Quoted.IfNeeded))}: no objects found: the input is empty (a directory is read for its *.yaml, *.yml and *.json files, not recursively)");
        }

        return result;
    }

    /// <summary>
    /// Reads the manifests at <paramref name="paths"/>, and the cluster's Namespaces at
    /// <paramref name="clusterNamespaces"/> (such as <c>kubectl get ns -o yaml</c>). A namespace both hold is one
    /// namespace, as <c>kubectl apply</c> would leave it: the cluster's labels with the manifest's set over them.
    /// </summary>
    public static TenantManifests Load(IReadOnlyCollection<string> paths, IReadOnlyCollection<string> clusterNamespaces)
    {
        var result = Load(paths);
        if (clusterNamespaces.Count > 0)
        {
            result.MergeClusterNamespaces(ClusterNamespaces.Load(clusterNamespaces));
        }

        return result;
    }

    /// <summary>Checks documents already read, with the problems met while reading them.</summary>
    public static TenantManifests From((List<ManifestDocument> Documents, List<ManifestProblem> Problems) read)
    {
        var (documents, problems) = read;
        var result = new TenantManifests { DocumentCount = documents.Count };
        result.Errors.AddRange(problems.Select(p => p.ToString()));
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var document in documents)
        {
            var identity = $"{document.Kind}/{document.Name}";
            if (document.Name.Length > 0 && !seen.TryAdd(identity, document.Location))
            {
                result.Errors.Add($"{document.Location}: duplicate object: {document.Kind} {document.Name} is also defined at {seen[identity]}");
                continue;
            }

            switch (document.Kind, document.ApiVersion)
            {
                case (TenantIsolation.KindName, TenantIsolation.GroupVersion):
                    result.AddTenant(document);
                    break;
                case (TenantIsolation.KindName, var version):
                    result.Errors.Add($"{document.Location}: apiVersion {Quoted.Of(version)} is not served: use {TenantIsolation.GroupVersion}");
                    break;
                case ("Namespace", "v1"):
                    result.AddNamespace(document);
                    break;
                case ("", _):
                    result.Errors.Add($"{document.Location}: kind: Required value: every object needs apiVersion and kind");
                    break;
                default:
                    result.Skipped.Add(document);
                    break;
            }
        }

        return result;
    }

    private void MergeClusterNamespaces(ClusterNamespaces cluster)
    {
        Errors.AddRange(cluster.Errors);
        var merged = cluster.MergedWith(Namespaces);
        Namespaces.Clear();
        Namespaces.AddRange(merged);
    }

    private void AddTenant(ManifestDocument document)
    {
        var errors = TenantIsolationValidator.ValidateDocument(document.Content, out var tenant);
        Errors.AddRange(errors.Select(e => $"{document.Location}: {e}"));
        if (errors.Count == 0 && tenant is not null)
        {
            Tenants.Add(tenant);
        }
    }

    private void AddNamespace(ManifestDocument document)
    {
        if (BuiltInObjects.Read<V1Namespace>(document, refuseUnknownFields: true, Errors) is not { } ns)
        {
            return; // the errors say why; the metadata's labels are checked there too
        }

        var name = ns.Metadata?.Name;
        if (string.IsNullOrEmpty(name))
        {
            Errors.Add($"{document.Location}: metadata.name: Required value");
            return;
        }

        var nameErrors = KubernetesNames.Dns1123LabelErrors(name);
        Errors.AddRange(nameErrors.Select(e => $"{document.Location}: metadata.name: Invalid value: {Quoted.Of(name)}: {e}"));
        if (nameErrors.Count == 0)
        {
            Namespaces.Add(ns);
        }
    }
}
