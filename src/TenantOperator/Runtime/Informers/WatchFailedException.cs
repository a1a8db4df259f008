using k8s.Models;

namespace TenantOperator.Runtime.Informers;

/// <summary>A watch stream ended with an error other than 410 Expired; the informer reconnects with backoff.</summary>
public sealed class WatchFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WatchFailedException(string message, V1Status? status = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Status = status;
    }

    /// <summary>The server's Status, when it sent one.</summary>
    public V1Status? Status { get; }
}
