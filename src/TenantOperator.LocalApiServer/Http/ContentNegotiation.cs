using Microsoft.AspNetCore.Http;

namespace TenantOperator.LocalApiServer.Http;

/// <summary>What a request sends and accepts: JSON bodies, JSON or Table answers.</summary>
internal static class ContentNegotiation
{
    /// <summary>The media type of the body without parameters (e.g. <c>application/merge-patch+json</c>).</summary>
    public static string MediaType(HttpRequest request) =>
        (request.ContentType ?? "application/json").Split(';')[0].Trim().ToLowerInvariant();

    /// <summary>True when the client asks for a meta.k8s.io Table (kubectl get).</summary>
    public static bool WantsTable(HttpRequest request)
    {
        foreach (var accept in request.Headers.Accept.ToString().Split(','))
        {
            var parameters = accept.Split(';').Select(p => p.Trim()).ToList();
            if (parameters.Contains("as=Table") && (parameters.Contains("g=meta.k8s.io") || !parameters.Any(p => p.StartsWith("g=", StringComparison.Ordinal))))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>406 for a client that accepts only encodings this server does not speak (protobuf, CBOR).</summary>
    public static void CheckAcceptable(HttpRequest request)
    {
        var accept = request.Headers.Accept.ToString();
        if (accept.Length == 0)
        {
            return;
        }

        var types = accept.Split(',').Select(a => a.Split(';')[0].Trim()).ToList();
        if (!types.Any(t => t is "application/json" or "*/*" or "application/*"))
        {
            throw ApiErrors.NotAcceptable();
        }
    }

    /// <summary>415 for a create or update body that is not JSON.</summary>
    public static void CheckBodyIsJson(HttpRequest request)
    {
        var type = MediaType(request);
        if (type is not ("application/json" or "*/*"))
        {
            throw ApiErrors.UnsupportedMediaType(["application/json"]);
        }
    }
}
