using System.Web;
using TenantOperator.Runtime.Http;

namespace TenantOperator.Tests.Runtime.Integration;

/// <summary>
/// Sits in a KubernetesClient's handler chain (nearest the network) and writes down every request the
/// client really sent: when, which verb, path and query, and the answer's code. Tests use it to count
/// one client's lists apart from their own, to read the resourceVersion a watch resumed from, and to
/// measure the wait between a 429 and the retry.
/// </summary>
internal sealed class RequestLog : DelegatingHandler
{
    private readonly Lock _lock = new();
    private readonly List<LoggedRequest> _requests = [];

    public IReadOnlyList<LoggedRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Requests with <paramref name="verb"/> whose path ends with <paramref name="resource"/> (a collection: list, watch, create).</summary>
    public IReadOnlyList<LoggedRequest> To(string verb, string resource) =>
        [.. Requests.Where(r => r.Verb == verb && r.Path.EndsWith("/" + resource, StringComparison.Ordinal))];

    /// <summary>Requests about the object <paramref name="name"/> with <paramref name="verb"/>, in the order sent.</summary>
    public IReadOnlyList<LoggedRequest> About(string verb, string name) => [.. Requests.Where(r => r.Verb == verb && r.Name == name).OrderBy(r => r.Sent)];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var sent = DateTimeOffset.UtcNow;
        var name = await ObjectNameAsync(request, cancellationToken);
        int? code = null;
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            code = (int)response.StatusCode;
            return response;
        }
        finally
        {
            var entry = new LoggedRequest(sent, DateTimeOffset.UtcNow, KubernetesVerb.Of(request.Method, request.RequestUri),
                request.RequestUri!.AbsolutePath, HttpUtility.ParseQueryString(request.RequestUri.Query), code, name);
            lock (_lock)
            {
                _requests.Add(entry);
            }
        }
    }

    // A create names its object in the body (KubernetesClient's bodies are buffered strings, safe to read twice); others in the path.
    private static async Task<string?> ObjectNameAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method != HttpMethod.Post || request.Content is null)
        {
            return request.RequestUri?.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries) is [.., var last] ? last : null;
        }

        using var body = System.Text.Json.JsonDocument.Parse(await request.Content.ReadAsStringAsync(cancellationToken));
        return body.RootElement.TryGetProperty("metadata", out var metadata) && metadata.TryGetProperty("name", out var name) ? name.GetString() : null;
    }
}

/// <summary>One request as sent: start, when its response headers came (or it failed), verb, path, query, code (null: no
/// response) and the object's name (from the body of a create, else the last path segment; for /status, "status").</summary>
internal sealed record LoggedRequest(DateTimeOffset Sent, DateTimeOffset Answered, string Verb, string Path, System.Collections.Specialized.NameValueCollection Query, int? Code, string? Name);
