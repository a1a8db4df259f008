using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Admission;
using TenantOperator.LocalApiServer.Authentication;

namespace TenantOperator.LocalApiServer.Authorization;

/// <summary>
/// RBAC's escalation prevention (pkg/registry/rbac's policy-based storages): a user may create or change a Role or
/// ClusterRole only with rules they already hold where it applies, unless they may <c>escalate</c> roles; and may
/// bind a role only if they hold its rules, unless they may <c>bind</c> it. Members of <c>system:masters</c> are
/// exempt; a ClusterRole with an aggregationRule needs every permission (cluster-admin). A change of only
/// ownerReferences and finalizers (the garbage collector's) is always allowed.
/// </summary>
internal sealed class RbacEscalationCheck(ServerAuthorizer authorizer) : IWriteAdmission
{
    private static readonly PolicyRule[] FullAuthority =
    [
        new() { Verbs = ["*"], ApiGroups = ["*"], Resources = ["*"] },
        new() { Verbs = ["*"], NonResourceUrls = ["*"] },
    ];

    public void Validate(AdmissionRequest request)
    {
        if (request.Resource.Group != RbacPolicy.Group || request.User.IsPrivileged || request.Operation == AdmissionOperation.Delete)
        {
            return;
        }

        switch (request.Resource.Resource)
        {
            case "roles" or "clusterroles":
                CheckRole(request);
                break;
            case "rolebindings" or "clusterrolebindings":
                CheckBinding(request);
                break;
        }
    }

    private void CheckRole(AdmissionRequest request)
    {
        // RoleEscalationAuthorized: the request's own name (none for a create, which posts to the collection).
        var escalate = Authorize(request.User, "escalate", request.Resource.Resource, request.Operation == AdmissionOperation.Create ? string.Empty : request.Name, request.Namespace);
        if (escalate.Allowed || OnlyGarbageCollectorFields(request))
        {
            return;
        }

        ConfirmNoEscalation(request, PolicyRule.ListFromJson(request.Object["rules"]));
        if (request.Resource.Resource == "clusterroles" && (HasAggregationRule(request.Object) || (request.OldObject is { } old && HasAggregationRule(old))) &&
            Missing(request.User, string.Empty, FullAuthority).Rules.Count > 0)
        {
            throw request.Refuse(authorizer, "must have cluster-admin privileges to use the aggregationRule");
        }
    }

    private void CheckBinding(AdmissionRequest request)
    {
        if (OnlyGarbageCollectorFields(request))
        {
            return;
        }

        var roleRef = request.Object["roleRef"] as JsonObject;
        var kind = (string?)roleRef?["kind"] ?? string.Empty;
        var name = (string?)roleRef?["name"] ?? string.Empty;
        var bindable = kind switch { "ClusterRole" => "clusterroles", "Role" => "roles", _ => null };
        if (bindable is not null && Authorize(request.User, "bind", bindable, name, request.Namespace, (string?)roleRef?["apiGroup"] ?? string.Empty).Allowed)
        {
            return;
        }

        var (rules, error) = authorizer.Rbac.RulesOfRole(new RoleReference(kind, name), request.Namespace);
        if (error is not null)
        {
            throw error;
        }

        ConfirmNoEscalation(request, rules);
    }

    private void ConfirmNoEscalation(AdmissionRequest request, IReadOnlyList<PolicyRule> rules)
    {
        var (missing, errors) = Missing(request.User, request.Namespace, rules);
        if (missing.Count == 0)
        {
            return;
        }

        var descriptions = RuleCoverage.Compact(missing).Select(r => r.CompactString()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var groups = string.Join(" ", request.User.Groups.Select(PolicyRule.GoQuote));
        var message = $"user \"{request.User.Name}\" (groups=[{groups}]) is attempting to grant RBAC permissions not currently held:\n{string.Join("\n", descriptions)}";
        if (errors.Count > 0)
        {
            message += $"; resolution errors: [{string.Join(" ", errors)}]";
        }

        throw request.Refuse(authorizer, message);
    }

    private (List<PolicyRule> Rules, IReadOnlyList<string> Errors) Missing(UserInfo user, string ns, IReadOnlyList<PolicyRule> wanted)
    {
        var (held, errors) = authorizer.Rbac.RulesFor(user, ns);
        return (RuleCoverage.Uncovered(held, wanted), errors);
    }

    private AuthorizationDecision Authorize(UserInfo user, string verb, string resource, string name, string ns, string group = RbacPolicy.Group) =>
        authorizer.AuthorizeForRequest(new AuthorizationAttributes
        {
            User = user,
            Verb = verb,
            IsResourceRequest = true,
            ApiGroup = group,
            ApiVersion = "*",
            Resource = resource,
            Name = name,
            Namespace = ns,
        });

    private static bool HasAggregationRule(JsonObject role) =>
        role["aggregationRule"]?["clusterRoleSelectors"] is JsonArray { Count: > 0 };

    // IsOnlyMutatingGCFields: the update differs from the stored object in ownerReferences and finalizers only.
    private static bool OnlyGarbageCollectorFields(AdmissionRequest request)
    {
        if (request.OldObject is not { } old)
        {
            return false;
        }

        static JsonObject WithoutGcFields(JsonObject obj)
        {
            var copy = obj.DeepClone().AsObject();
            if (copy["metadata"] is JsonObject metadata)
            {
                foreach (var field in new[] { "ownerReferences", "finalizers", "managedFields", "selfLink", "resourceVersion", "generation" })
                {
                    metadata.Remove(field);
                }
            }

            return copy;
        }

        return JsonNode.DeepEquals(WithoutGcFields(request.Object), WithoutGcFields(old));
    }
}
