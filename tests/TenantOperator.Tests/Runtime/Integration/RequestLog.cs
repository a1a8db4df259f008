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

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var sent = DateTimeOffset.UtcNow;
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
                request.RequestUri!.AbsolutePath, HttpUtility.ParseQueryString(request.RequestUri.Query), code);
            lock (_lock)
            {
                _requests.Add(entry);
            }
        }
    }
}

/// <summary>One request as sent: start, when its response headers came (or it failed), verb, path, query and code (null: no response).</summary>
internal sealed record LoggedRequest(DateTimeOffset Sent, DateTimeOffset Answered, string Verb, string Path, System.Collections.Specialized.NameValueCollection Query, int? Code);
