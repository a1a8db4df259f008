using System.Text.Json.Nodes;

namespace TenantOperator.LocalApiServer.Http;

/// <summary>
/// A request that fails with a Kubernetes <c>Status</c>: the HTTP code, the StatusReason and the message
/// kube-apiserver would send. Thrown anywhere below the router and written by it as the response.
/// </summary>
internal sealed class ApiException : Exception
{
    public ApiException(int code, string reason, string message, JsonObject? details = null, TimeSpan? retryAfter = null)
        : base(message)
    {
        Code = code;
        Reason = reason;
        Details = details;
        RetryAfter = retryAfter;
    }

    /// <summary>The HTTP status code.</summary>
    public int Code { get; }

    /// <summary>The machine-readable StatusReason, e.g. <c>NotFound</c>, <c>Conflict</c>.</summary>
    public string Reason { get; }

    /// <summary>The <c>details</c> of the Status (name, group, kind, causes), when there are any.</summary>
    public JsonObject? Details { get; }

    /// <summary>When set, the response carries <c>Retry-After</c> and <c>details.retryAfterSeconds</c>.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>The <c>kind: Status</c> object sent to the client.</summary>
    public JsonObject ToStatus()
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = Message,
        };
        if (Reason.Length > 0)
        {
            // An unknown reason is empty, and Kubernetes leaves it out.
            status["reason"] = Reason;
        }

        var details = Details?.DeepClone().AsObject();
        if (RetryAfter is { } retry)
        {
            details ??= [];
            details["retryAfterSeconds"] = (int)Math.Ceiling(retry.TotalSeconds);
        }

        if (details is not null)
        {
            status["details"] = details;
        }

        status["code"] = Code;
        return status;
    }
}
