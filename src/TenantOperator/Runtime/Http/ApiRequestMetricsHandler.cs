using TenantOperator.Runtime.Metrics;

namespace TenantOperator.Runtime.Http;

/// <summary>
/// Counts every request a KubernetesClient sends, by Kubernetes verb and HTTP code, into
/// <see cref="ApiRequestMetrics"/>. Sits in the client's handler chain (see
/// <see cref="KubernetesClientFactory"/>), so reads, watches and every retried write attempt are counted.
/// </summary>
public sealed class ApiRequestMetricsHandler(ApiRequestMetrics metrics) : DelegatingHandler
{
    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var verb = KubernetesVerb.Of(request.Method, request.RequestUri);
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            metrics.Count(verb, ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
            return response;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            metrics.Count(verb, "error");
            throw;
        }
    }
}
