namespace TenantOperator.LocalApiServer.Faults;

/// <summary>The failure an injected fault answers with.</summary>
public enum FaultKind
{
    /// <summary>500 InternalError.</summary>
    InternalError,

    /// <summary>429 TooManyRequests with a Retry-After header.</summary>
    TooManyRequests,

    /// <summary>409 Conflict, as for a stale resourceVersion.</summary>
    Conflict,
}
