namespace TenantOperator.LocalApiServer.Storage;

/// <summary>The kind of change a store event records (the watch event types ADDED, MODIFIED, DELETED).</summary>
internal enum StoreEventType
{
    Added,
    Modified,
    Deleted,
}

/// <summary>One committed change: the new version (for a deletion, the last version stamped with the
/// deletion's resourceVersion) and the version before it, so watches can tell when an object leaves a selector.</summary>
internal sealed record StoreEvent(StoreEventType Type, StoredObject Object, StoredObject? Previous)
{
    public long Revision => Object.ResourceVersion;
}
