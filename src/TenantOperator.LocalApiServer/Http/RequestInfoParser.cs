using Microsoft.AspNetCore.Http;

namespace TenantOperator.LocalApiServer.Http;

/// <summary>
/// Splits a request path into a <see cref="RequestInfo"/> following kube-apiserver's RequestInfoFactory
/// (k8s.io/apiserver/pkg/endpoints/request/requestinfo.go), on the path decoded the Go way
/// (<see cref="RequestTarget"/>). A path kube-apiserver's router would not match (more segments than
/// resource/name/subresource, an empty segment) is marked unroutable, and the router answers 404.
/// </summary>
internal static class RequestInfoParser
{
    // A namespace's own subresources: /api/v1/namespaces/{name}/status is not a resource "status" in it.
    private static readonly HashSet<string> NamespaceSubresources = new(StringComparer.Ordinal) { "status", "finalize" };

    public static RequestInfo Parse(HttpRequest request) =>
        Parse(request.Method, RequestTarget.DecodedPath(request), request.Query["watch"]);

    /// <summary>Parses a decoded path; <paramref name="watchParameter"/> is the <c>watch</c> query parameter, if any.</summary>
    public static RequestInfo Parse(string httpMethod, string path, IReadOnlyList<string?> watchParameter)
    {
        var method = httpMethod.ToUpperInvariant();
        var nonResource = new RequestInfo { Path = path, Verb = method.ToLowerInvariant() };
        var trimmed = path.Trim('/');
        var parts = trimmed.Length == 0 ? [] : trimmed.Split('/');
        int index;
        string group, version;
        if (parts.Length >= 4 && parts[0] == "apis")
        {
            (group, version, index) = (parts[1], parts[2], 3);
        }
        else if (parts.Length >= 3 && parts[0] == "api")
        {
            (group, version, index) = (string.Empty, parts[1], 2);
        }
        else
        {
            return nonResource;
        }

        var rest = parts[index..];
        var watchPath = false;
        if (rest[0] is "watch" or "proxy")
        {
            // kube-apiserver's special verbs; this server serves watch only, and proxy paths find no resource.
            watchPath = rest[0] == "watch";
            rest = rest[1..];
            if (rest.Length == 0)
            {
                return Unroutable(path, group, version);
            }
        }

        var ns = string.Empty;
        if (rest[0] == "namespaces" && rest.Length > 1)
        {
            ns = rest[1];
            if (rest.Length > 2 && !NamespaceSubresources.Contains(rest[2]))
            {
                rest = rest[2..];
            }
        }

        var resource = rest[0];
        var name = rest.Length > 1 ? rest[1] : string.Empty;
        var subresource = rest.Length > 2 ? rest[2] : string.Empty;
        if (resource == "namespaces" && rest.Length > 1)
        {
            // /api/v1/namespaces/{name}[/status]: the namespace object itself.
            ns = string.Empty;
        }

        // No route has more segments than resource/name/subresource, nor an empty one (the router has no
        // empty namespace or name to give a handler).
        var routable = rest.Length <= 3 && !parts.Skip(index).Any(p => p.Length == 0);
        var verb = method switch
        {
            // A watch path is a watch whatever the method, as kube-apiserver authorizes it; only GET has a route.
            _ when watchPath => "watch",
            "GET" when name.Length == 0 => IsWatch(watchParameter) ? "watch" : "list",
            "GET" => "get",
            "POST" => "create",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" => name.Length == 0 ? "deletecollection" : "delete",
            // HEAD too: kube-apiserver's router has GET routes only, and answers HEAD with 405.
            _ => method.ToLowerInvariant(),
        };

        return new RequestInfo
        {
            IsResourceRequest = true,
            IsRoutable = routable,
            HttpMethod = method,
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

    /// <summary>
    /// A boolean query parameter as kube-apiserver converts one (Convert_Slice_string_To_bool): present with
    /// any value but <c>0</c> or <c>false</c> (any case) is true, so <c>watch=</c> and <c>watch=yes</c> watch.
    /// </summary>
    public static bool IsTrue(IReadOnlyList<string?> values) =>
        values.Count > 0 && values[0] is not ("0" or null) && !string.Equals(values[0], "false", StringComparison.OrdinalIgnoreCase);

    private static bool IsWatch(IReadOnlyList<string?> values) => IsTrue(values);

    private static RequestInfo Unroutable(string path, string group, string version) => new()
    {
        IsResourceRequest = true,
        IsRoutable = false,
        Path = path,
        Verb = "get",
        Group = group,
        Version = version,
    };
}
