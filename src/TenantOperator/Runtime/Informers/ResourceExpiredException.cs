namespace TenantOperator.Runtime.Informers;

/// <summary>
/// The server no longer has the requested resource version or continue token (HTTP 410 Gone, reason
/// Expired); the only way on is a fresh list.
/// </summary>
public sealed class ResourceExpiredException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ResourceExpiredException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
