namespace TenantOperator.LocalApiServer.Authorization;

/// <summary>
/// Whether one RBAC rule allows a request, exactly as Kubernetes decides it (pkg/apis/rbac/v1
/// evaluation_helpers.go and the RBAC authorizer's RuleAllows): every dimension must match; <c>*</c> matches all;
/// a subresource request matches <c>resource/subresource</c> or <c>*/subresource</c>, never <c>resource</c> alone;
/// an empty resourceNames list matches every name; a non-resource URL ending in <c>*</c> matches its prefix.
/// </summary>
internal static class RuleMatching
{
    private const string All = "*";

    public static bool Allows(PolicyRule rule, AuthorizationAttributes request)
    {
        if (!request.IsResourceRequest)
        {
            return VerbMatches(rule, request.Verb) && NonResourceUrlMatches(rule, request.Path);
        }

        var combined = request.Subresource.Length > 0 ? $"{request.Resource}/{request.Subresource}" : request.Resource;
        return VerbMatches(rule, request.Verb) &&
            ApiGroupMatches(rule, request.ApiGroup) &&
            ResourceMatches(rule, combined, request.Subresource) &&
            ResourceNameMatches(rule, request.Name);
    }

    public static bool VerbMatches(PolicyRule rule, string verb) => rule.Verbs.Any(v => v == All || v == verb);

    public static bool ApiGroupMatches(PolicyRule rule, string group) => rule.ApiGroups.Any(g => g == All || g == group);

    public static bool ResourceMatches(PolicyRule rule, string combinedResource, string subresource)
    {
        foreach (var resource in rule.Resources)
        {
            if (resource == All || resource == combinedResource)
            {
                return true;
            }

            if (subresource.Length > 0 && resource.Length == subresource.Length + 2 &&
                resource.StartsWith("*/", StringComparison.Ordinal) && resource.EndsWith(subresource, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    public static bool ResourceNameMatches(PolicyRule rule, string name) =>
        rule.ResourceNames.Count == 0 || rule.ResourceNames.Contains(name);

    public static bool NonResourceUrlMatches(PolicyRule rule, string path) =>
        rule.NonResourceUrls.Any(url => url == All || url == path ||
            (url.EndsWith('*') && path.StartsWith(url.TrimEnd('*'), StringComparison.Ordinal)));
}
