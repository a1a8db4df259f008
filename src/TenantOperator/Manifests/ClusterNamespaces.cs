using k8s.Models;

namespace TenantOperator.Manifests;

/// <summary>
/// The cluster's Namespaces as <c>kubectl get ns -o yaml</c> prints them (a List, or Namespace documents), given to
/// <c>render</c> and <c>diff</c> with <c>--namespaces</c>: every object must be a Namespace, each named once, and the
/// input must hold at least one, since an empty one would silently change which namespaces tenants select.
/// </summary>
internal sealed class ClusterNamespaces
{
    /// <summary>The Namespaces, in the order read.</summary>
    public List<V1Namespace> Namespaces { get; } = [];

    /// <summary>Every problem, located.</summary>
    public List<string> Errors { get; } = [];

    /// <summary>Reads <paramref name="paths"/>.</summary>
    public static ClusterNamespaces Load(IReadOnlyCollection<string> paths)
    {
        var (documents, problems) = ManifestReader.Read(paths);
        var result = new ClusterNamespaces();
        result.Errors.AddRange(problems.Select(p => p.ToString()));
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var document in documents)
        {
            if ((document.Kind, document.ApiVersion) != ("Namespace", "v1"))
            {
                result.Errors.Add($"{document.Location}: --namespaces reads only Namespaces (v1), as kubectl get ns -o yaml prints them");
                continue;
            }

            if (BuiltInObjects.Read<V1Namespace>(document, refuseUnknownFields: true, result.Errors) is not { } ns)
            {
                continue;
            }

            if (string.IsNullOrEmpty(ns.Metadata?.Name))
            {
                result.Errors.Add($"{document.Location}: metadata.name: Required value");
            }
            else if (!seen.TryAdd(ns.Metadata.Name, document.Location))
            {
                result.Errors.Add($"{document.Location}: duplicate object: Namespace {ns.Metadata.Name} is also defined at {seen[ns.Metadata.Name]}");
            }
            else
            {
                result.Namespaces.Add(ns);
            }
        }

        if (documents.Count == 0 && result.Errors.Count == 0)
        {
            result.Errors.Add($"{string.Join(", ", paths.Select(Quoted.IfNeeded))}: --namespaces holds no Namespace: give the cluster's, e.g. <(kubectl get ns -o yaml)");
        }

        return result;
    }

    /// <summary>
    /// The cluster's namespaces with <paramref name="declared"/> applied, as <c>kubectl apply</c> would leave them: a
    /// namespace in both keeps the cluster's labels with the manifest's set over them; one only declared is added.
    /// New objects: neither input is changed.
    /// </summary>
    public List<V1Namespace> MergedWith(IReadOnlyList<V1Namespace> declared)
    {
        var byName = declared.ToDictionary(n => n.Metadata.Name, StringComparer.Ordinal);
        var merged = new List<V1Namespace>();
        foreach (var live in Namespaces)
        {
            var labels = new Dictionary<string, string>(live.Metadata.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal);
            if (byName.Remove(live.Metadata.Name, out var manifest))
            {
                foreach (var (key, value) in manifest.Metadata.Labels ?? new Dictionary<string, string>())
                {
                    labels[key] = value;
                }
            }

            merged.Add(new V1Namespace
            {
                ApiVersion = live.ApiVersion,
                Kind = live.Kind,
                Metadata = new V1ObjectMeta { Name = live.Metadata.Name, Labels = labels, CreationTimestamp = live.Metadata.CreationTimestamp, DeletionTimestamp = live.Metadata.DeletionTimestamp },
                Spec = live.Spec,
                Status = live.Status,
            });
        }

        merged.AddRange(declared.Where(n => byName.ContainsKey(n.Metadata.Name)));
        return merged;
    }
}
