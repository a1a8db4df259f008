using System.Net;
using k8s.Models;

namespace TenantOperator.Runtime.Writes;

/// <summary>
/// 409: the object changed since it was read (resourceVersion or precondition mismatch, reason
/// <c>Conflict</c>) or a create found the name taken (reason <c>AlreadyExists</c>). Never retried by
/// the writer: the caller re-plans from fresh cache state instead of overwriting blindly.
/// </summary>
public sealed class ApiConflictException : KubernetesApiException
{
    /// <summary>Creates the exception.</summary>
    public ApiConflictException(string verb, string resource, V1Status? status, string message, Exception? innerException)
        : base(verb, resource, HttpStatusCode.Conflict, status, message, innerException)
    {
    }

    /// <summary>True when a create found the name already taken.</summary>
    public bool AlreadyExists => Reason == "AlreadyExists";
}
