using TenantOperator.LocalApiServer.Storage;

namespace TenantOperator.LocalApiServer.Persistence;

/// <summary>
/// The store being rebuilt from a snapshot and the journals after it. Each record is checked against
/// what precedes it (each journal revision is the one after the last, deletions name existing objects),
/// so a journal that was reordered or lost a record fails recovery instead of yielding a different store.
/// </summary>
internal sealed class RecoveredState
{
    private readonly Dictionary<string, Dictionary<string, StoredObject>> _tables = new(StringComparer.Ordinal);
    private long _snapshotObjects;
    private bool _snapshotEnded;

    /// <summary>The highest resourceVersion committed so far: the store's counter continues from it.</summary>
    public long Revision { get; private set; }

    public IEnumerable<StoredObject> Objects => _tables.Values.SelectMany(t => t.Values);

    public int ObjectCount => _tables.Values.Sum(t => t.Count);

    /// <summary>Applies a snapshot record: objects in any order, then the end record.</summary>
    public void ApplySnapshotRecord(JournalRecord record)
    {
        if (_snapshotEnded)
        {
            throw new InvalidDataException("a record follows the snapshot's end record");
        }

        switch (record)
        {
            case JournalRecord.Put put:
                if (!TableOf(put.Object.StorageKey).TryAdd(put.Object.Key, put.Object))
                {
                    throw new InvalidDataException($"the snapshot holds {Describe(put.Object.StorageKey, put.Object.Key)} twice");
                }

                _snapshotObjects++;
                Revision = Math.Max(Revision, put.Object.ResourceVersion);
                break;
            case JournalRecord.SnapshotEnd end:
                if (end.ObjectCount != _snapshotObjects || end.StoreRevision < Revision)
                {
                    throw new InvalidDataException(
                        $"the snapshot's end record counts {end.ObjectCount} objects up to resourceVersion {end.StoreRevision}, but {_snapshotObjects} objects up to {Revision} precede it");
                }

                Revision = end.StoreRevision;
                _snapshotEnded = true;
                break;
            default:
                throw new InvalidDataException($"a snapshot cannot hold a {record.GetType().Name} record");
        }
    }

    /// <summary>Throws when the snapshot was read to its end without an end record (it is incomplete).</summary>
    public void RequireSnapshotEnd()
    {
        if (!_snapshotEnded)
        {
            throw new InvalidDataException("the snapshot has no end record");
        }
    }

    /// <summary>Applies a journal record in commit order.</summary>
    public void ApplyJournalRecord(JournalRecord record)
    {
        if (record is JournalRecord.Put or JournalRecord.Delete && record.Revision <= Revision)
        {
            throw new InvalidDataException($"resourceVersion {record.Revision} does not follow {Revision}: the journal is out of order");
        }

        // Every change takes the next resourceVersion and is journalled at once: a gap is a lost record.
        if (record is JournalRecord.Put or JournalRecord.Delete && record.Revision != Revision + 1)
        {
            throw new InvalidDataException(
                record.Revision == Revision + 2
                    ? $"resourceVersion {record.Revision} follows {Revision}: the record of resourceVersion {Revision + 1} is missing"
                    : $"resourceVersion {record.Revision} follows {Revision}: the records of resourceVersions {Revision + 1} to {record.Revision - 1} are missing");
        }

        switch (record)
        {
            case JournalRecord.Put put:
                TableOf(put.Object.StorageKey)[put.Object.Key] = put.Object;
                break;
            case JournalRecord.Delete delete:
                var key = StoredObject.KeyOf(delete.Namespace, delete.Name);
                if (!TableOf(delete.StorageKey).Remove(key))
                {
                    throw new InvalidDataException($"the journal deletes {Describe(delete.StorageKey, key)}, which does not exist at that point");
                }

                break;
            case JournalRecord.Purge purge:
                _tables.Remove(purge.StorageKey);
                break;
            default:
                throw new InvalidDataException($"a journal cannot hold a {record.GetType().Name} record");
        }

        Revision = Math.Max(Revision, record.Revision);
    }

    private static string Describe(string storageKey, string key) => $"{storageKey} \"{key.TrimStart('/')}\"";

    private Dictionary<string, StoredObject> TableOf(string storageKey)
    {
        if (!_tables.TryGetValue(storageKey, out var table))
        {
            table = new Dictionary<string, StoredObject>(StringComparer.Ordinal);
            _tables[storageKey] = table;
        }

        return table;
    }
}
