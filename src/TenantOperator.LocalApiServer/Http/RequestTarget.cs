using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using TenantOperator.LocalApiServer.JsonPath;

namespace TenantOperator.LocalApiServer.Http;

/// <summary>
/// The request path as kube-apiserver sees it. Go's net/http percent-decodes the whole path (<c>%2F</c>
/// included) and never resolves <c>.</c> or <c>..</c>, and kube-apiserver splits that decoded path into
/// segments. Kestrel instead resolves dot segments after decoding, so <c>configmaps/%2e%2e</c> would
/// climb one level and address the namespace. This reads the raw request target and decodes it the Go
/// way, so a segment stays a segment: <c>..</c> is a name (which the router then refuses), never a step.
/// </summary>
internal static class RequestTarget
{
    /// <summary>The decoded path: 400 BadRequest for a malformed percent escape, as Go's URL parser refuses it.</summary>
    public static string DecodedPath(HttpRequest request)
    {
        var raw = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw))
        {
            return request.PathBase.Add(request.Path).Value is { Length: > 0 } path ? path : "/";
        }

        return Decode(PathOf(raw));
    }

    /// <summary>The path part of a raw request target: origin form (<c>/a/b?q</c>) or absolute form (<c>http://host/a/b?q</c>).</summary>
    public static string PathOf(string rawTarget)
    {
        var query = rawTarget.IndexOfAny(['?', '#']);
        var target = query < 0 ? rawTarget : rawTarget[..query];
        if (target.StartsWith('/'))
        {
            return target;
        }

        var scheme = target.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0)
        {
            // The asterisk form (OPTIONS *) or the authority form (CONNECT host:port): no resource path.
            return target;
        }

        var pathStart = target.IndexOf('/', scheme + 3);
        return pathStart < 0 ? "/" : target[pathStart..];
    }

    /// <summary>Percent-decodes every escape, <c>%2F</c> included, as Go's <c>url.PathUnescape</c> does.</summary>
    public static string Decode(string path)
    {
        if (!path.Contains('%', StringComparison.Ordinal))
        {
            return path;
        }

        var bytes = new List<byte>(path.Length);
        var runStart = 0;
        for (var i = 0; i < path.Length; i++)
        {
            if (path[i] != '%')
            {
                continue;
            }

            bytes.AddRange(Encoding.UTF8.GetBytes(path[runStart..i]));
            if (i + 2 >= path.Length || !char.IsAsciiHexDigit(path[i + 1]) || !char.IsAsciiHexDigit(path[i + 2]))
            {
                var escape = path[i..Math.Min(path.Length, i + 3)];
                throw ApiErrors.BadRequest($"invalid URL escape {GoText.Quote(escape)}");
            }

            bytes.Add(Convert.ToByte(path.Substring(i + 1, 2), 16));
            i += 2;
            runStart = i + 1;
        }

        bytes.AddRange(Encoding.UTF8.GetBytes(path[runStart..]));
        return Encoding.UTF8.GetString([.. bytes]);
    }}
