using System.Net;
using k8s.Models;

namespace TenantOperator.Runtime.Writes;

/// <summary>
/// A write that failed for good: the server refused it (a 4xx other than 429), or a transient
/// failure outlasted every retry. <see cref="StatusCode"/> is null when no response came at all.
/// </summary>
public class KubernetesApiException : Exception
{
    /// <summary>Creates the exception.</summary>
    public KubernetesApiException(string verb, string resource, HttpStatusCode? statusCode, V1Status? status, string message, Exception? innerException)
        : base(message, innerException)
    {
        Verb = verb;
        Resource = resource;
        StatusCode = statusCode;
        Status = status;
    }

    /// <summary>The verb of the failed request (create, update, patch, delete).</summary>
    public string Verb { get; }

    /// <summary>What was written, e.g. <c>networkpolicies team-a/tenant-isolation-dns</c>.</summary>
    public string Resource { get; }

    /// <summary>The HTTP status of the last attempt; null when the last attempt got no response.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The server's Status body, when it sent one.</summary>
    public V1Status? Status { get; }

    /// <summary>The Status reason, e.g. <c>AlreadyExists</c>, <c>Conflict</c>, <c>Invalid</c>, <c>NotFound</c>.</summary>
    public string? Reason => Status?.Reason;

    /// <summary>True for 404 Not Found.</summary>
    public bool IsNotFound => StatusCode == HttpStatusCode.NotFound;
}
