namespace TenantOperator.LocalApiServer.Storage;

/// <summary>How a store write ended.</summary>
internal enum StoreOutcome
{
    Ok,
    NotFound,
    AlreadyExists,

    /// <summary>The object changed since the version the writer read.</summary>
    Conflict,
}

/// <summary>The result of a store write: the outcome and the stored (or current) version.</summary>
internal readonly record struct StoreResult(StoreOutcome Outcome, StoredObject? Object);
