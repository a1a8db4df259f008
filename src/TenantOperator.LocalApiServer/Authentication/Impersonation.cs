using Microsoft.AspNetCore.Http;
using TenantOperator.ApiMachinery;
using TenantOperator.LocalApiServer.Authorization;
using TenantOperator.LocalApiServer.Http;

namespace TenantOperator.LocalApiServer.Authentication;

/// <summary>
/// kube-apiserver's impersonation filter (k8s.io/apiserver's WithImpersonation), which <c>kubectl --as</c> and
/// <c>--as-group</c> use: with <c>Impersonate-User</c> (and optionally <c>Impersonate-Group</c>,
/// <c>Impersonate-Extra-*</c>, <c>Impersonate-Uid</c>) the request acts as that user, once the requester may
/// <c>impersonate</c> each of them (users, groups, serviceaccounts, authentication.k8s.io userextras and uids).
/// A ServiceAccount user name impersonates the ServiceAccount, with its groups unless groups are given;
/// <c>system:authenticated</c> is added as kube-apiserver adds it.
/// </summary>
internal sealed class Impersonation(ServerAuthorizer authorizer)
{
    private const string UserHeader = "Impersonate-User";
    private const string GroupHeader = "Impersonate-Group";
    private const string UidHeader = "Impersonate-Uid";
    private const string ExtraHeaderPrefix = "Impersonate-Extra-";

    /// <summary>The user the request acts as: <paramref name="requester"/> without impersonation headers.</summary>
    public UserInfo Apply(HttpRequest request, UserInfo requester)
    {
        var wanted = Requests(request.Headers);
        if (wanted.Count == 0)
        {
            return requester;
        }

        var groupsGiven = request.Headers[GroupHeader].Count > 0;
        var name = string.Empty;
        var uid = string.Empty;
        var groups = new List<string>();
        var extra = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (kind, ns, value, extraKey) in wanted)
        {
            var attributes = new AuthorizationAttributes { User = requester, Verb = "impersonate", IsResourceRequest = true, Namespace = ns, Name = value, ApiVersion = "v1" };
            switch (kind)
            {
                case "ServiceAccount":
                    attributes = attributes with { Resource = "serviceaccounts" };
                    name = ServiceAccountNames.Username(ns, value);
                    if (!groupsGiven)
                    {
                        groups.AddRange(ServiceAccountNames.Groups(ns));
                    }

                    break;
                case "User":
                    attributes = attributes with { Resource = "users" };
                    name = value;
                    break;
                case "Group":
                    attributes = attributes with { Resource = "groups" };
                    groups.Add(value);
                    break;
                case "UserExtra":
                    attributes = attributes with { ApiGroup = "authentication.k8s.io", Resource = "userextras", Subresource = extraKey };
                    (extra.TryGetValue(extraKey, out var values) ? values : extra[extraKey] = []).Add(value);
                    break;
                default:
                    attributes = attributes with { ApiGroup = "authentication.k8s.io", Resource = "uids" };
                    uid = value;
                    break;
            }

            var decision = authorizer.AuthorizeForRequest(attributes);
            if (!decision.Allowed)
            {
                var denied = ForbiddenErrors.Denied(attributes, decision.Reason);
                authorizer.RecordDenial(attributes, denied.Message);
                throw denied;
            }
        }

        // As kube-apiserver: impersonated users are authenticated (anonymous is not) unless told otherwise.
        if (name != UserInfo.AnonymousName)
        {
            if (!groups.Contains(UserInfo.Authenticated) && !groups.Contains(UserInfo.Unauthenticated))
            {
                groups.Add(UserInfo.Authenticated);
            }
        }
        else if (!groups.Contains(UserInfo.Unauthenticated))
        {
            groups.Add(UserInfo.Unauthenticated);
        }

        return new UserInfo(name, uid, groups, extra.ToDictionary(e => e.Key, e => (IReadOnlyList<string>)e.Value, StringComparer.Ordinal));
    }

    // buildImpersonationRequests: the user (a ServiceAccount when its name says so), each group, each extra value, the uid.
    private static List<(string Kind, string Namespace, string Value, string ExtraKey)> Requests(IHeaderDictionary headers)
    {
        var wanted = new List<(string, string, string, string)>();
        var user = headers[UserHeader].FirstOrDefault() ?? string.Empty;
        if (user.Length > 0)
        {
            wanted.Add(SplitServiceAccount(user) is { } account ? ("ServiceAccount", account.Namespace, account.Name, string.Empty) : ("User", string.Empty, user, string.Empty));
        }

        var others = 0;
        foreach (var group in headers[GroupHeader])
        {
            wanted.Add(("Group", string.Empty, group ?? string.Empty, string.Empty));
            others++;
        }

        foreach (var (header, values) in headers.Where(h => h.Key.StartsWith(ExtraHeaderPrefix, StringComparison.OrdinalIgnoreCase)))
        {
            var key = Uri.UnescapeDataString(header[ExtraHeaderPrefix.Length..].ToLowerInvariant());
            foreach (var value in values)
            {
                wanted.Add(("UserExtra", string.Empty, value ?? string.Empty, key));
                others++;
            }
        }

        var uid = headers[UidHeader].FirstOrDefault() ?? string.Empty;
        if (uid.Length > 0)
        {
            wanted.Add(("UID", string.Empty, uid, string.Empty));
            others++;
        }

        if (others > 0 && user.Length == 0)
        {
            throw ApiErrors.InternalError("requested groups, extra or a uid to impersonate without impersonating a user");
        }

        return wanted;
    }

    // serviceaccount.SplitUsername: system:serviceaccount:NAMESPACE:NAME with a valid namespace and name.
    private static (string Namespace, string Name)? SplitServiceAccount(string user)
    {
        if (!user.StartsWith(ServiceAccountNames.UserPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var parts = user[ServiceAccountNames.UserPrefix.Length..].Split(':');
        return parts.Length == 2 && KubernetesNames.Dns1123LabelErrors(parts[0]).Count == 0 && KubernetesNames.Dns1123SubdomainErrors(parts[1]).Count == 0
            ? (parts[0], parts[1])
            : null;
    }
}
