using TenantOperator.LocalApiServer.Storage;

namespace TenantOperator.LocalApiServer.Persistence;

/// <summary>
/// One record of a data directory file. The journal holds <see cref="Put"/>, <see cref="Delete"/> and
/// <see cref="Purge"/> in the order the store committed them; a snapshot holds one <see cref="Put"/> per
/// object and ends with <see cref="SnapshotEnd"/>.
/// </summary>
internal abstract record JournalRecord
{
    /// <summary>The resourceVersion the record commits, or 0 when it has none.</summary>
    public virtual long Revision => 0;

    /// <summary>An object as stored after a create or an update (or as it is in a snapshot).</summary>
    public sealed record Put(StoredObject Object) : JournalRecord
    {
        public override long Revision => Object.ResourceVersion;
    }

    /// <summary>An object removed by the change stamped <paramref name="DeletedAt"/>.</summary>
    public sealed record Delete(string StorageKey, string Namespace, string Name, long DeletedAt) : JournalRecord
    {
        public override long Revision => DeletedAt;
    }

    /// <summary>Every object of a resource dropped at once (its CRD is gone); consumes no resourceVersion.</summary>
    public sealed record Purge(string StorageKey) : JournalRecord;

    /// <summary>The last record of a snapshot: the store's resourceVersion and how many objects precede it.</summary>
    public sealed record SnapshotEnd(long StoreRevision, long ObjectCount) : JournalRecord
    {
        public override long Revision => StoreRevision;
    }
}
