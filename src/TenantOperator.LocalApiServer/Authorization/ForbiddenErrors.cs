using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Http;

namespace TenantOperator.LocalApiServer.Authorization;

/// <summary>
/// The 403 Forbidden Status kube-apiserver answers (responsewriters.Forbidden and apierrors.NewForbidden), e.g.
/// <c>secrets is forbidden: User "x" cannot list resource "secrets" in API group "" at the cluster scope</c>.
/// </summary>
internal static class ForbiddenErrors
{
    /// <summary>The Status for a request the authorizer did not allow; <paramref name="reason"/> is appended after a colon.</summary>
    public static ApiException Denied(AuthorizationAttributes request, string reason)
    {
        var message = Describe(request);
        return Forbidden(request.ApiGroup, request.IsResourceRequest ? request.Resource : string.Empty, request.Name, reason.Length == 0 ? message : $"{message}: {reason}");
    }

    /// <summary>"User "x" cannot VERB resource ..." (responsewriters' forbiddenMessage).</summary>
    public static string Describe(AuthorizationAttributes request)
    {
        var user = request.User.Name;
        if (!request.IsResourceRequest)
        {
            return $"User \"{user}\" cannot {request.Verb} path \"{request.Path}\"";
        }

        var scope = request.Namespace.Length > 0 ? $"in the namespace \"{request.Namespace}\"" : "at the cluster scope";
        return $"User \"{user}\" cannot {request.Verb} resource \"{request.CombinedResource}\" in API group \"{request.ApiGroup}\" {scope}";
    }

    /// <summary>apierrors.NewForbidden: <c>[resource.group ["name"] is ]forbidden: detail</c>; details leave out empty fields.</summary>
    public static ApiException Forbidden(string group, string resource, string name, string detail)
    {
        var qualified = group.Length == 0 ? resource : $"{resource}.{group}";
        var message = resource.Length == 0
            ? $"forbidden: {detail}"
            : name.Length == 0 ? $"{qualified} is forbidden: {detail}" : $"{qualified} \"{name}\" is forbidden: {detail}";
        var details = new JsonObject();
        if (name.Length > 0)
        {
            details["name"] = name;
        }

        if (group.Length > 0)
        {
            details["group"] = group;
        }

        if (resource.Length > 0)
        {
            details["kind"] = resource;
        }

        return new ApiException(403, "Forbidden", message, details);
    }
}
