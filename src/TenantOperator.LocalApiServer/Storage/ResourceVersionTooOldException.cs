namespace TenantOperator.LocalApiServer.Storage;

/// <summary>A watch or continued list asked for a revision older than the retained history.</summary>
internal sealed class ResourceVersionTooOldException(long requested, long oldestAvailable)
    : Exception($"too old resource version: {requested} ({oldestAvailable})")
{
    public long Requested { get; } = requested;

    public long OldestAvailable { get; } = oldestAvailable;
}
