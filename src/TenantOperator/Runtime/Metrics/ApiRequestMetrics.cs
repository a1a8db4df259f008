using Prometheus;

namespace TenantOperator.Runtime.Metrics;

/// <summary>API server requests by Kubernetes verb and HTTP code; fed by <c>Http.ApiRequestMetricsHandler</c>.</summary>
public sealed class ApiRequestMetrics
{
    private readonly Counter _requests;

    internal ApiRequestMetrics(IMetricFactory factory)
    {
        _requests = factory.CreateCounter("tenant_operator_api_requests_total",
            "Requests to the API server by verb (get, list, watch, create, update, patch, delete) and HTTP code (\"error\" when no response came).", ["verb", "code"]);
    }

    /// <summary>Counts one request.</summary>
    public void Count(string verb, string code) => _requests.WithLabels(verb, code).Inc();

    /// <summary>How many requests were counted with this verb and code.</summary>
    public double Get(string verb, string code) => _requests.WithLabels(verb, code).Value;
}
