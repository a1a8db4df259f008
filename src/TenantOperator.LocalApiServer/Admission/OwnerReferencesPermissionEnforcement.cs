using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Authorization;
using TenantOperator.LocalApiServer.Resources;

namespace TenantOperator.LocalApiServer.Admission;

/// <summary>
/// The OwnerReferencesPermissionEnforcement admission plugin (plugin/pkg/admission/gc), on by default here as in
/// OpenShift. A write that changes an object's ownerReferences needs <c>delete</c> on that object (a create does
/// not: who may create may set owners); and every ownerReference that newly sets <c>blockOwnerDeletion: true</c>
/// needs <c>update</c> on the owner's <c>finalizers</c> subresource, since blocking an owner's deletion is a power
/// over the owner. <c>pods/status</c> is exempt, as upstream. Messages are upstream's, with its <c>: reason, error</c>
/// tail (<c>: , &lt;nil&gt;</c> when RBAC gives no reason).
/// </summary>
internal sealed class OwnerReferencesPermissionEnforcement(ServerAuthorizer authorizer, ResourceRegistry registry) : IWriteAdmission
{
    public void Validate(AdmissionRequest request)
    {
        if (request.Operation == AdmissionOperation.Delete || (request.Resource is { Group: "", Resource: "pods" } && request.Subresource == "status"))
        {
            return;
        }

        var owners = OwnerReferences(request.Object);
        var previous = request.OldObject is null ? null : OwnerReferences(request.OldObject);
        if (!IsChanging(owners, previous))
        {
            return;
        }

        if (request.Operation != AdmissionOperation.Create)
        {
            var delete = Check(request, "delete", request.Resource.Group, request.Resource.Version, request.Resource.Resource, request.Subresource, request.Name, request.Namespace);
            if (!delete.Allowed)
            {
                throw request.Refuse(authorizer, $"cannot set an ownerRef on a resource you can't delete: {delete.Reason}, <nil>");
            }
        }

        foreach (var owner in NewlyBlocking(owners, previous))
        {
            var apiVersion = Text(owner["apiVersion"]);
            var kind = Text(owner["kind"]);
            var mappings = Mappings(apiVersion, kind, out var mappingError);
            if (mappingError is not null)
            {
                throw request.Refuse(authorizer, $"cannot set blockOwnerDeletion in this case because cannot find RESTMapping for APIVersion {apiVersion} Kind {kind}: {mappingError}");
            }

            foreach (var mapping in mappings)
            {
                var update = Check(request, "update", mapping.Group, mapping.Version, mapping.Resource, "finalizers", Text(owner["name"]), mapping.Namespaced ? request.Namespace : string.Empty);
                if (!update.Allowed)
                {
                    throw request.Refuse(authorizer, $"cannot set blockOwnerDeletion if an ownerReference refers to a resource you can't set finalizers on: {update.Reason}, <nil>");
                }
            }
        }
    }

    private AuthorizationDecision Check(AdmissionRequest request, string verb, string group, string version, string resource, string subresource, string name, string ns) =>
        authorizer.AuthorizeForRequest(new AuthorizationAttributes
        {
            User = request.User,
            Verb = verb,
            IsResourceRequest = true,
            ApiGroup = group,
            ApiVersion = version,
            Resource = resource,
            Subresource = subresource,
            Name = name,
            Namespace = ns,
        });

    // The RESTMapper's answer for an ownerReference's apiVersion and kind: the served resources of that kind.
    private List<ResourceDefinition> Mappings(string apiVersion, string kind, out string? error)
    {
        error = null;
        var parts = apiVersion.Split('/');
        if (parts.Length > 2)
        {
            error = $"unexpected GroupVersion string: {apiVersion}";
            return [];
        }

        var (group, version) = parts.Length == 2 ? (parts[0], parts[1]) : (string.Empty, parts[0]);
        var found = registry.All.Where(d => d.Group == group && d.Kind == kind && (version.Length == 0 || d.Version == version)).ToList();
        if (found.Count == 0)
        {
            error = $"no matches for kind \"{kind}\" in version \"{apiVersion}\"";
        }

        return found;
    }

    private static List<JsonObject> OwnerReferences(JsonObject obj) =>
        obj["metadata"]?["ownerReferences"] is JsonArray references ? [.. references.OfType<JsonObject>()] : [];

    // Any difference counts, in order: a reordering or a changed field is a change of owners.
    private static bool IsChanging(List<JsonObject> owners, List<JsonObject>? previous)
    {
        if (previous is null)
        {
            return owners.Count > 0;
        }

        return owners.Count != previous.Count || owners.Where((owner, i) => !JsonNode.DeepEquals(Comparable(owner), Comparable(previous[i]))).Any();
    }

    // References (by uid) that block now and did not before, or are new and block.
    private static IEnumerable<JsonObject> NewlyBlocking(List<JsonObject> owners, List<JsonObject>? previous)
    {
        var before = previous?.GroupBy(o => Text(o["uid"])).ToDictionary(g => g.Key, g => g.Last()) ?? [];
        return owners.Where(o => Blocks(o) && !(before.TryGetValue(Text(o["uid"]), out var old) && Blocks(old)));
    }

    private static bool Blocks(JsonObject owner) => owner["blockOwnerDeletion"] is JsonValue value && value.TryGetValue<bool>(out var blocks) && blocks;

    // The typed OwnerReference's fields: unknown fields would be dropped by decoding, so they change nothing.
    private static JsonObject Comparable(JsonObject owner)
    {
        var fields = new JsonObject();
        foreach (var name in new[] { "apiVersion", "kind", "name", "uid", "controller", "blockOwnerDeletion" })
        {
            if (owner[name] is { } value)
            {
                fields[name] = value.DeepClone();
            }
        }

        return fields;
    }

    private static string Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : string.Empty;
}
