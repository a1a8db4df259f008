using System.Net;

namespace TenantOperator.Cli.Audit;

/// <summary>A list the cluster refused or could not answer, named by resource, with the HTTP status when there is one.</summary>
internal sealed class LiveReadException(string resource, HttpStatusCode? status, string detail, Exception inner)
    : Exception($"cannot list {resource}: {(status is { } s ? $"{(int)s} {s}: " : "")}{detail}", inner)
{
    public HttpStatusCode? Status { get; } = status;
}
