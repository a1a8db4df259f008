using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Http;
using TenantOperator.LocalApiServer.Resources;
using TenantOperator.LocalApiServer.Selectors;
using TenantOperator.LocalApiServer.Storage;

namespace TenantOperator.LocalApiServer.Admission.Policies;

/// <summary>
/// Whether a request falls under a policy's matchConstraints or a binding's matchResources, as kube-apiserver's
/// matcher decides (k8s.io/apiserver/pkg/admission/plugin/cel/matching and webhook/predicates): the namespace
/// selector (cluster-scoped objects other than namespaces always pass; a namespace is matched by its own labels
/// on create and update), the object selector (the new or the old object's labels), excludeResourceRules, then
/// resourceRules (a binding without them matches whatever its policy matches). A rule matches by operation, API
/// group, version, resource and subresource (<c>pods/status</c>, <c>*/*</c>), scope and resourceNames; with
/// matchPolicy Equivalent, the other versions of the same resource match too.
/// </summary>
internal sealed class PolicyMatcher(ObjectStore store, ResourceRegistry registry)
{
    public bool Matches(JsonObject match, AdmissionRequest request, bool isBinding)
    {
        if (!MatchesNamespaceSelector(match["namespaceSelector"] as JsonObject, request) || !MatchesObjectSelector(match["objectSelector"] as JsonObject, request))
        {
            return false;
        }

        var equivalent = AdmissionPolicyKinds.Text(match["matchPolicy"]) != "Exact";
        if (MatchesRules(match["excludeResourceRules"] as JsonArray, request, equivalent))
        {
            return false;
        }

        if (isBinding && match["resourceRules"] is null)
        {
            return true;
        }

        return MatchesRules(match["resourceRules"] as JsonArray, request, equivalent);
    }

    /// <summary>The namespace of a namespaced request, as the policy's <c>namespaceObject</c> (null when cluster-scoped or gone).</summary>
    public JsonObject? NamespaceOf(AdmissionRequest request) =>
        request.Resource.Namespaced && request.Namespace.Length > 0 ? store.Get("namespaces", string.Empty, request.Namespace)?.ToJsonObject() : null;

    private bool MatchesNamespaceSelector(JsonObject? selector, AdmissionRequest request)
    {
        var isNamespace = IsNamespace(request);
        if (!request.Resource.Namespaced && !isNamespace)
        {
            return true;
        }

        if (LabelSelectorObject.IsEmpty(selector))
        {
            return true;
        }

        JsonObject? source;
        if (isNamespace && request.Subresource.Length == 0 && request.Operation != AdmissionOperation.Delete)
        {
            source = request.Object;
        }
        else
        {
            var name = isNamespace ? request.Name : request.Namespace;
            source = store.Get("namespaces", string.Empty, name)?.ToJsonObject() ?? throw ApiErrors.NotFound(string.Empty, "namespaces", name);
        }

        return LabelSelectorObject.Matches(selector!, LabelSelectorObject.Labels(source));
    }

    private static bool MatchesObjectSelector(JsonObject? selector, AdmissionRequest request)
    {
        if (LabelSelectorObject.IsEmpty(selector))
        {
            return true;
        }

        var current = request.Operation == AdmissionOperation.Delete ? null : request.Object;
        return (current is not null && LabelSelectorObject.Matches(selector!, LabelSelectorObject.Labels(current)))
            || (request.OldObject is not null && LabelSelectorObject.Matches(selector!, LabelSelectorObject.Labels(request.OldObject)));
    }

    private bool MatchesRules(JsonArray? rules, AdmissionRequest request, bool equivalent)
    {
        var candidates = equivalent
            ? registry.ByStorageKey(request.Resource.StorageKey).Prepend(request.Resource).Distinct()
            : [request.Resource];
        foreach (var resource in candidates)
        {
            foreach (var rule in (rules ?? []).OfType<JsonObject>())
            {
                if (RuleMatches(rule, request, resource) && NameMatches(rule, request.Name))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool RuleMatches(JsonObject rule, AdmissionRequest request, ResourceDefinition resource)
    {
        var isNamespace = IsNamespace(request);
        var scopeMatches = AdmissionPolicyKinds.Text(rule["scope"]) switch
        {
            "Namespaced" => !isNamespace && resource.Namespaced,
            "Cluster" => isNamespace || !resource.Namespaced,
            _ => true,
        };
        return scopeMatches
            && AdmissionPolicyKinds.Strings(rule["operations"]).Any(o => o == "*" || o == request.OperationName)
            && AdmissionPolicyKinds.Strings(rule["apiGroups"]).Any(g => g == "*" || g == resource.Group)
            && AdmissionPolicyKinds.Strings(rule["apiVersions"]).Any(v => v == "*" || v == resource.Version)
            && AdmissionPolicyKinds.Strings(rule["resources"]).Any(entry => ResourceMatches(entry, resource.Resource, request.Subresource));
    }

    private static bool ResourceMatches(string entry, string resource, string subresource)
    {
        var slash = entry.IndexOf('/', StringComparison.Ordinal);
        var (name, sub) = slash < 0 ? (entry, string.Empty) : (entry[..slash], entry[(slash + 1)..]);
        return (name == "*" || name == resource) && (sub == "*" || sub == subresource);
    }

    private static bool NameMatches(JsonObject rule, string name)
    {
        var names = AdmissionPolicyKinds.Strings(rule["resourceNames"]);
        return names.Count == 0 || names.Contains(name);
    }

    private static bool IsNamespace(AdmissionRequest request) => request.Resource is { Group: "", Resource: "namespaces" };
}
