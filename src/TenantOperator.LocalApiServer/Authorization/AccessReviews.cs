using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Authentication;
using TenantOperator.LocalApiServer.Http;

namespace TenantOperator.LocalApiServer.Authorization;

/// <summary>
/// The authorization.k8s.io/v1 reviews (pkg/registry/authorization): SelfSubjectAccessReview (<c>kubectl auth
/// can-i</c>) asks for the requesting user, SubjectAccessReview and LocalSubjectAccessReview for a named user and
/// groups (taken as given: no <c>system:authenticated</c> is added), SelfSubjectRulesReview (<c>kubectl auth can-i
/// --list</c>) lists the rules the user has in a namespace. A version left empty means every version. Reviews
/// change nothing, so they are not recorded as uses of rules.
/// </summary>
internal sealed class AccessReviews(ServerAuthorizer authorizer)
{
    public const string ApiVersion = "authorization.k8s.io/v1";
    private const string Group = "authorization.k8s.io";

    public JsonObject SelfSubjectAccessReview(JsonObject review, UserInfo user)
    {
        var spec = ReviewRequests.Object(review["spec"]);
        CheckSpec("SelfSubjectAccessReview", spec, needsSubject: false);
        return Decide(review, spec, user);
    }

    public JsonObject SubjectAccessReview(JsonObject review, string? urlNamespace)
    {
        var kind = urlNamespace is null ? "SubjectAccessReview" : "LocalSubjectAccessReview";
        var spec = ReviewRequests.Object(review["spec"]);
        CheckSpec(kind, spec, needsSubject: true);
        if (urlNamespace is not null)
        {
            var metadata = ReviewRequests.Object(review["metadata"]);
            var declared = ReviewRequests.Text(metadata["namespace"]);
            if (declared.Length > 0 && declared != urlNamespace)
            {
                throw ApiErrors.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
            }

            metadata["namespace"] = urlNamespace;
            var causes = new List<StatusCause>();
            if (spec["resourceAttributes"] is JsonObject attributes && ReviewRequests.Text(attributes["namespace"]) != urlNamespace)
            {
                causes.Add(new StatusCause("spec.resourceAttributes.namespace", "FieldValueInvalid", $"Invalid value: \"{ReviewRequests.Text(attributes["namespace"])}\": must match metadata.namespace"));
            }

            if (spec["nonResourceAttributes"] is JsonObject)
            {
                causes.Add(new StatusCause("spec.nonResourceAttributes", "FieldValueInvalid", "Invalid value: \"object\": disallowed on this kind of request"));
            }

            if (causes.Count > 0)
            {
                throw ReviewRequests.Invalid(Group, kind, causes);
            }
        }

        var extra = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (key, values) in ReviewRequests.Object(spec["extra"]))
        {
            extra[key] = values is JsonArray list ? [.. list.Select(ReviewRequests.Text)] : [];
        }

        var groups = spec["groups"] is JsonArray groupList ? groupList.Select(ReviewRequests.Text).ToList() : [];
        var subject = new UserInfo(ReviewRequests.Text(spec["user"]), ReviewRequests.Text(spec["uid"]), groups, extra);
        return Decide(review, spec, subject);
    }

    public JsonObject SelfSubjectRulesReview(JsonObject review, UserInfo user)
    {
        var ns = ReviewRequests.Text(ReviewRequests.Object(review["spec"])["namespace"]);
        if (ns.Length == 0)
        {
            throw ApiErrors.BadRequest("no namespace on request");
        }

        var (rules, errors) = authorizer.RulesFor(user, ns);
        var resourceRules = new JsonArray();
        var nonResourceRules = new JsonArray();
        foreach (var rule in rules)
        {
            if (rule.Resources.Count > 0)
            {
                var entry = new JsonObject { ["verbs"] = Strings(rule.Verbs), ["apiGroups"] = Strings(rule.ApiGroups), ["resources"] = Strings(rule.Resources) };
                if (rule.ResourceNames.Count > 0)
                {
                    entry["resourceNames"] = Strings(rule.ResourceNames);
                }

                resourceRules.Add(entry);
            }

            if (rule.NonResourceUrls.Count > 0)
            {
                nonResourceRules.Add(new JsonObject { ["verbs"] = Strings(rule.Verbs), ["nonResourceURLs"] = Strings(rule.NonResourceUrls) });
            }
        }

        var status = new JsonObject { ["resourceRules"] = resourceRules, ["nonResourceRules"] = nonResourceRules, ["incomplete"] = false };
        if (errors.Count > 0)
        {
            status["evaluationError"] = RbacAuthorizer.Aggregate(errors);
        }

        review["status"] = status;
        return review;
    }

    private JsonObject Decide(JsonObject review, JsonObject spec, UserInfo user)
    {
        AuthorizationAttributes request;
        if (spec["resourceAttributes"] is JsonObject resource)
        {
            var version = ReviewRequests.Text(resource["version"]);
            request = new AuthorizationAttributes
            {
                User = user,
                Verb = ReviewRequests.Text(resource["verb"]),
                IsResourceRequest = true,
                Namespace = ReviewRequests.Text(resource["namespace"]),
                ApiGroup = ReviewRequests.Text(resource["group"]),
                ApiVersion = version.Length == 0 ? "*" : version,
                Resource = ReviewRequests.Text(resource["resource"]),
                Subresource = ReviewRequests.Text(resource["subresource"]),
                Name = ReviewRequests.Text(resource["name"]),
            };
        }
        else
        {
            var nonResource = ReviewRequests.Object(spec["nonResourceAttributes"]);
            request = new AuthorizationAttributes { User = user, Verb = ReviewRequests.Text(nonResource["verb"]), Path = ReviewRequests.Text(nonResource["path"]) };
        }

        var decision = authorizer.Authorize(request);
        var status = new JsonObject { ["allowed"] = decision.Allowed };
        if (decision.Reason.Length > 0)
        {
            status["reason"] = decision.Reason;
        }

        review["status"] = status;
        return review;
    }

    // ValidateSubjectAccessReviewSpec / ValidateSelfSubjectAccessReviewSpec.
    private static void CheckSpec(string kind, JsonObject spec, bool needsSubject)
    {
        var causes = new List<StatusCause>();
        var hasResource = spec["resourceAttributes"] is JsonObject;
        var hasNonResource = spec["nonResourceAttributes"] is JsonObject;
        if (hasResource && hasNonResource)
        {
            causes.Add(new StatusCause("spec.nonResourceAttributes", "FieldValueInvalid", $"Invalid value: {spec["nonResourceAttributes"]!.ToJsonString()}: cannot be specified in combination with resourceAttributes"));
        }

        if (!hasResource && !hasNonResource)
        {
            causes.Add(new StatusCause("spec.resourceAttributes", "FieldValueInvalid", "Invalid value: \"null\": exactly one of nonResourceAttributes or resourceAttributes must be specified"));
        }

        if (needsSubject && ReviewRequests.Text(spec["user"]).Length == 0 && spec["groups"] is not JsonArray { Count: > 0 })
        {
            causes.Add(new StatusCause("spec.user", "FieldValueInvalid", "Invalid value: \"\": at least one of user or group must be specified"));
        }

        if (causes.Count > 0)
        {
            throw ReviewRequests.Invalid(Group, kind, causes);
        }
    }

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)v)]);
}
