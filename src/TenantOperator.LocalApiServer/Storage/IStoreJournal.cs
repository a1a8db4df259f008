namespace TenantOperator.LocalApiServer.Storage;

/// <summary>
/// Where the store records its committed changes for durability. Called under the store's lock, in
/// resourceVersion order, so implementations must only queue (never block on I/O).
/// </summary>
internal interface IStoreJournal
{
    /// <summary>A create, update or deletion just committed (never a dry run).</summary>
    void Record(StoreEvent change);

    /// <summary>Every object of <paramref name="storageKey"/> was dropped.</summary>
    void RecordPurge(string storageKey);
}
