using Microsoft.AspNetCore.Http;
using TenantOperator.LocalApiServer.Authentication;
using TenantOperator.LocalApiServer.Http;
using TenantOperator.LocalApiServer.Selectors;

namespace TenantOperator.LocalApiServer.Authorization;

/// <summary>
/// What a request asks to do, as kube-apiserver's authorizers see it (authorizer.Attributes): the user, the verb,
/// and either the resource (group, version, resource, subresource, namespace, name) or the non-resource path.
/// </summary>
public sealed record AuthorizationAttributes
{
    /// <summary>Who asks.</summary>
    public required UserInfo User { get; init; }

    /// <summary>get, list, watch, create, update, patch, delete, deletecollection (or a special verb such as
    /// bind, escalate, impersonate); for non-resource requests the lower-case HTTP method.</summary>
    public required string Verb { get; init; }

    /// <summary>True for resource requests, false for non-resource paths.</summary>
    public bool IsResourceRequest { get; init; }

    /// <summary>The URL path (non-resource requests).</summary>
    public string Path { get; init; } = string.Empty;

    /// <summary>The API group, <c>""</c> for the core group.</summary>
    public string ApiGroup { get; init; } = string.Empty;

    /// <summary>The API version.</summary>
    public string ApiVersion { get; init; } = string.Empty;

    /// <summary>The resource (plural).</summary>
    public string Resource { get; init; } = string.Empty;

    /// <summary>The subresource, or empty.</summary>
    public string Subresource { get; init; } = string.Empty;

    /// <summary>The namespace, or empty (cluster-scoped, or all namespaces).</summary>
    public string Namespace { get; init; } = string.Empty;

    /// <summary>The object's name, or empty.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>
    /// The attributes of an HTTP request, following kube-apiserver's RequestInfoFactory: a namespace object's own
    /// path (<c>/api/v1/namespaces/NAME</c>) is in that namespace; a list or watch whose field selector requires
    /// <c>metadata.name=NAME</c> is about that name; a DELETE without a name is deletecollection.
    /// </summary>
    internal static AuthorizationAttributes Of(RequestInfo info, HttpRequest request, UserInfo user)
    {
        if (!info.IsResourceRequest)
        {
            return new AuthorizationAttributes { User = user, Verb = request.Method.ToLowerInvariant(), Path = info.Path };
        }

        var name = info.Name;
        if (name.Length == 0 && info.Verb is "list" or "watch")
        {
            name = NameFromFieldSelector(request.Query["fieldSelector"].ToString());
        }

        var verb = request.Method.ToUpperInvariant() switch
        {
            "GET" or "HEAD" or "POST" or "PUT" or "PATCH" or "DELETE" => info.Verb,
            _ => string.Empty,
        };
        return new AuthorizationAttributes
        {
            User = user,
            Verb = verb,
            IsResourceRequest = true,
            Path = info.Path,
            ApiGroup = info.Group,
            ApiVersion = info.Version,
            Resource = info.Resource,
            Subresource = info.Subresource,
            Namespace = info.Resource == "namespaces" && info.Name.Length > 0 ? info.Name : info.Namespace,
            Name = name,
        };
    }

    /// <summary>The resource with its subresource, e.g. <c>tenantisolations/status</c>.</summary>
    public string CombinedResource => Subresource.Length > 0 ? $"{Resource}/{Subresource}" : Resource;

    // RequiresExactMatch("metadata.name"): the selector pins the name with = or ==, and the name is a valid path segment.
    private static string NameFromFieldSelector(string selector)
    {
        if (selector.Length == 0)
        {
            return string.Empty;
        }

        try
        {
            var pinned = FieldSelector.Parse(selector, field => field, _ => true).Terms.FirstOrDefault(t => t.Field == "metadata.name" && t.Equal);
            var name = pinned.Value ?? string.Empty;
            return name is not "." and not ".." && name.IndexOfAny(['/', '%']) < 0 ? name : string.Empty;
        }
        catch (ApiException)
        {
            return string.Empty;
        }
    }
}
