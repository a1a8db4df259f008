using System.Web;

namespace TenantOperator.Runtime.Http;

/// <summary>Tells the Kubernetes verb of a REST request from its method and path, as the API server's audit log would.</summary>
public static class KubernetesVerb
{
    /// <summary>
    /// <c>get</c>, <c>list</c> or <c>watch</c> for GET (a collection is listed, <c>?watch=true</c> is a
    /// watch), <c>create</c> for POST, <c>update</c> for PUT, <c>patch</c>, <c>delete</c> (or
    /// <c>deletecollection</c> on a collection).
    /// </summary>
    public static string Of(HttpMethod method, Uri? uri)
    {
        ArgumentNullException.ThrowIfNull(method);
        var path = uri is null ? "" : (uri.IsAbsoluteUri ? uri.AbsolutePath : uri.OriginalString.Split('?')[0]);
        var query = uri is { IsAbsoluteUri: true } ? uri.Query : (uri?.OriginalString.Contains('?') == true ? uri.OriginalString[uri.OriginalString.IndexOf('?')..] : "");
        var collection = IsCollection(path);
        return method.Method switch
        {
            "GET" when IsWatch(query) => "watch",
            "GET" => collection ? "list" : "get",
            "POST" => "create",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" => collection ? "deletecollection" : "delete",
            _ => method.Method.ToLowerInvariant(),
        };
    }

    private static bool IsWatch(string query)
    {
        var watch = HttpUtility.ParseQueryString(query)["watch"];
        return string.Equals(watch, "true", StringComparison.OrdinalIgnoreCase) || watch == "1";
    }

    // /api/v1/<rest> or /apis/<group>/<version>/<rest>; <rest> is [namespaces/<ns>/]<plural>[/<name>[/<subresource>]].
    private static bool IsCollection(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        int start;
        if (segments.Length >= 2 && segments[0] == "api")
        {
            start = 2;
        }
        else if (segments.Length >= 3 && segments[0] == "apis")
        {
            start = 3;
        }
        else
        {
            return false;
        }

        var rest = segments[start..];

        // namespaces/<ns>/<plural>... is a namespaced resource; namespaces and namespaces/<ns>[/status] are the Namespace itself.
        if (rest.Length >= 3 && rest[0] == "namespaces" && rest[2] is not ("status" or "finalize"))
        {
            rest = rest[2..];
        }

        return rest.Length == 1;
    }
}
