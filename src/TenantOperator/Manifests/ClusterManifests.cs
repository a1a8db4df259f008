using k8s;
using k8s.Models;
using TenantOperator.Api;
using TenantOperator.Api.Validation;
using TenantOperator.Policy.Evaluation;

namespace TenantOperator.Manifests;

/// <summary>
/// A cluster read from manifests for <c>audit</c> and <c>explain</c>: Namespaces, Pods, NetworkPolicies and
/// TenantIsolations (files and directories through <see cref="ManifestReader"/>: multi-document YAML, JSON, and the
/// <c>List</c> that <c>kubectl get -o yaml</c> prints). Every problem names its file, document and object. Objects
/// of other kinds (Deployments, Services, ...) are skipped and counted, so a whole repository or a
/// <c>kubectl get all -o yaml</c> dump can be given as it is.
/// </summary>
public sealed class ClusterManifests
{
    private readonly Dictionary<string, string> _locations = new(StringComparer.Ordinal);

    /// <summary>The Namespaces read.</summary>
    public List<V1Namespace> Namespaces { get; } = [];

    /// <summary>The Pods read.</summary>
    public List<V1Pod> Pods { get; } = [];

    /// <summary>The NetworkPolicies read.</summary>
    public List<V1NetworkPolicy> Policies { get; } = [];

    /// <summary>The valid TenantIsolations read.</summary>
    public List<TenantIsolation> Tenants { get; } = [];

    /// <summary>Every error, one line each: <c>file: document N (Kind name): field: problem</c>.</summary>
    public List<string> Errors { get; } = [];

    /// <summary>One note per kind that was skipped: how many objects, and where the first one is.</summary>
    public IEnumerable<string> SkippedNotes => Skipped.Notes("audit reads only Namespaces, Pods, NetworkPolicies and TenantIsolations");

    /// <summary>The objects of other kinds, which were skipped.</summary>
    public SkippedObjects Skipped { get; } = new();

    /// <summary>How many objects were read, skipped ones included.</summary>
    public int DocumentCount { get; private set; }

    /// <summary>Reads the manifests at <paramref name="paths"/>.</summary>
    public static ClusterManifests Load(IEnumerable<string> paths) => From(ManifestReader.Read(paths));

    /// <summary>The cluster in documents already read, with the problems met while reading them.</summary>
    public static ClusterManifests From((List<ManifestDocument> Documents, List<ManifestProblem> Problems) read)
    {
        var (documents, problems) = read;
        var result = new ClusterManifests { DocumentCount = documents.Count };
        result.Errors.AddRange(problems.Select(p => p.ToString()));
        foreach (var document in documents)
        {
            result.Add(document);
        }

        return result;
    }

    /// <summary>
    /// Where the object an evaluator error names was read, as <c>file: document N (Kind name)</c>; the error's own
    /// text when the object is not from a file.
    /// </summary>
    public string Locate(InvalidClusterObjectException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return _locations.TryGetValue($"{error.Kind} {error.ObjectName}", out var location)
            ? $"{location}: {(error.Field.Length == 0 ? "" : error.Field + ": ")}{error.Problem}"
            : error.Message;
    }

    private void Add(ManifestDocument document)
    {
        switch (document.Kind, document.ApiVersion)
        {
            case ("Namespace", "v1"):
                Read<V1Namespace>(document, Namespaces, namespaced: false, refuseUnknownFields: true);
                break;
            case ("Pod", "v1"):
                // A Pod's spec is large and grows with every Kubernetes release; audit reads its metadata, IPs and ports.
                Read<V1Pod>(document, Pods, namespaced: true, refuseUnknownFields: false);
                break;
            case ("NetworkPolicy", "networking.k8s.io/v1"):
                var portErrors = new List<FieldError>();
                WrittenPortValidator.Validate(document.Content, portErrors);
                Errors.AddRange(portErrors.Select(e => $"{document.Location}: {e}"));
                if (portErrors.Count == 0)
                {
                    Read<V1NetworkPolicy>(document, Policies, namespaced: true, refuseUnknownFields: true);
                }

                break;
            case (TenantIsolation.KindName, TenantIsolation.GroupVersion):
                AddTenant(document);
                break;
            case ("Namespace" or "Pod", var version):
                Errors.Add($"{document.Location}: apiVersion: Unsupported value: {Quoted.Of(version)}: use v1");
                break;
            case ("NetworkPolicy", var version):
                Errors.Add($"{document.Location}: apiVersion: Unsupported value: {Quoted.Of(version)}: use networking.k8s.io/v1");
                break;
            case (TenantIsolation.KindName, var version):
                Errors.Add($"{document.Location}: apiVersion: Unsupported value: {Quoted.Of(version)}: use {TenantIsolation.GroupVersion}");
                break;
            case ("", _):
                Errors.Add($"{document.Location}: kind: Required value: every object needs apiVersion and kind");
                break;
            default:
                Skipped.Add(document);
                break;
        }
    }

    private void Read<T>(ManifestDocument document, List<T> into, bool namespaced, bool refuseUnknownFields)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        if (BuiltInObjects.Read<T>(document, refuseUnknownFields, Errors) is not { } item)
        {
            return;
        }

        if (string.IsNullOrEmpty(item.Metadata?.Name))
        {
            Errors.Add($"{document.Location}: metadata.name: Required value");
            return;
        }

        // As kubectl apply does with a manifest that names no namespace (our own "default", not a kubeconfig's).
        if (namespaced && string.IsNullOrEmpty(item.Metadata.NamespaceProperty))
        {
            item.Metadata.NamespaceProperty = "default";
        }

        var name = namespaced ? $"{item.Metadata.NamespaceProperty}/{item.Metadata.Name}" : item.Metadata.Name;
        if (!_locations.TryAdd($"{document.Kind} {name}", document.Location))
        {
            Errors.Add($"{document.Location}: duplicate object: {document.Kind} {name} is also defined at {_locations[$"{document.Kind} {name}"]}");
            return;
        }

        into.Add(item);
    }

    private void AddTenant(ManifestDocument document)
    {
        var errors = TenantIsolationValidator.ValidateDocument(document.Content, out var tenant);
        Errors.AddRange(errors.Select(e => $"{document.Location}: {e}"));
        if (errors.Count > 0 || tenant is null)
        {
            return;
        }

        if (!_locations.TryAdd($"{TenantIsolation.KindName} {tenant.Metadata.Name}", document.Location))
        {
            Errors.Add($"{document.Location}: duplicate object: {TenantIsolation.KindName} {tenant.Metadata.Name} is also defined at {_locations[$"{TenantIsolation.KindName} {tenant.Metadata.Name}"]}");
            return;
        }

        Tenants.Add(tenant);
    }
}
