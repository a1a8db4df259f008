using Microsoft.AspNetCore.Http;

namespace TenantOperator.LocalApiServer.Http;

/// <summary>Splits a request path into a <see cref="RequestInfo"/>, following kube-apiserver's rules.</summary>
internal static class RequestInfoParser
{
    // A namespace's own subresources: /api/v1/namespaces/{name}/status is not a resource "status" in it.
    private static readonly HashSet<string> NamespaceSubresources = new(StringComparer.Ordinal) { "status", "finalize" };

    public static RequestInfo Parse(HttpRequest request)
    {
        var path = request.Path.Value ?? "/";
        var method = request.Method.ToUpperInvariant();
        var nonResource = new RequestInfo { Path = path, Verb = method.ToLowerInvariant() };
        var parts = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        int index;
        string group, version;
        if (parts.Length >= 3 && parts[0] == "apis")
        {
            (group, version, index) = (parts[1], parts[2], 3);
        }
        else if (parts.Length >= 2 && parts[0] == "api")
        {
            (group, version, index) = (string.Empty, parts[1], 2);
        }
        else
        {
            return nonResource;
        }

        var rest = parts[index..];
        if (rest.Length == 0)
        {
            return nonResource;
        }

        var watchPath = false;
        if (rest[0] == "watch")
        {
            watchPath = true;
            rest = rest[1..];
        }

        var ns = string.Empty;
        if (rest.Length > 1 && rest[0] == "namespaces")
        {
            ns = rest[1];
            if (rest.Length > 2 && !NamespaceSubresources.Contains(rest[2]))
            {
                rest = rest[2..];
            }
        }

        if (rest.Length == 0)
        {
            return nonResource;
        }

        var resource = rest[0];
        var name = rest.Length > 1 ? rest[1] : string.Empty;
        var subresource = rest.Length > 2 ? rest[2] : string.Empty;
        if (resource == "namespaces" && rest.Length > 1)
        {
            // /api/v1/namespaces/{name}[/status]: the namespace object itself.
            ns = string.Empty;
        }

        var isWatch = watchPath || IsTrue(request.Query["watch"]);
        var verb = method switch
        {
            "GET" or "HEAD" when isWatch => "watch",
            "GET" or "HEAD" => name.Length == 0 ? "list" : "get",
            "POST" => "create",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" => name.Length == 0 ? "deletecollection" : "delete",
            _ => method.ToLowerInvariant(),
        };

        return new RequestInfo
        {
            IsResourceRequest = true,
            Path = path,
            Verb = verb,
            Group = group,
            Version = version,
            Namespace = ns,
            Resource = resource,
            Name = name,
            Subresource = subresource,
        };
    }

    public static bool IsTrue(string? value) => value is "true" or "1" or "True";
}
