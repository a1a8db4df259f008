using System.Text.Json.Nodes;

namespace TenantOperator.LocalApiServer.Storage;

/// <summary>
/// The in-memory object store: every stored resource, one cluster-wide resourceVersion counter, a
/// bounded history of changes for watches and consistent paging, and indexes by uid and by owner uid
/// for the garbage collector. All writes and snapshots take one lock; serialising objects for
/// responses happens outside it on the immutable <see cref="StoredObject"/> values.
/// </summary>
internal sealed class ObjectStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ResourceTable> _tables = new(StringComparer.Ordinal);
    private readonly LinkedList<StoreEvent> _history = new();
    private readonly int _historyLimit;
    private readonly Dictionary<string, ObjectAddress> _byUid = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<ObjectAddress>> _dependentsByOwner = new(StringComparer.Ordinal);
    private long _revision;
    private long _oldestAvailable;
    private IStoreJournal? _journal;

    public ObjectStore(int historyLimit)
    {
        _historyLimit = Math.Max(1, historyLimit);
    }

    /// <summary>
    /// Loads objects recovered from a data directory into an empty store, before it serves. The counter
    /// continues from <paramref name="revision"/>; the change history starts empty there, so a watch or
    /// continue token from an earlier resourceVersion gets 410 Expired.
    /// </summary>
    public void Restore(IEnumerable<StoredObject> objects, long revision)
    {
        lock (_gate)
        {
            if (_revision != 0 || _tables.Count != 0)
            {
                throw new InvalidOperationException("only an empty store can be restored");
            }

            foreach (var obj in objects)
            {
                var table = TableOf(obj.StorageKey);
                table.Objects[obj.Key] = obj;
                table.Keys.Add(obj.Key);
                Index(null, obj);
            }

            _revision = revision;
            _oldestAvailable = revision;
        }
    }

    /// <summary>From now on every committed change is also recorded in <paramref name="journal"/>.</summary>
    public void AttachJournal(IStoreJournal journal)
    {
        lock (_gate)
        {
            _journal = journal;
        }
    }

    /// <summary>
    /// Every object at the current resourceVersion. <paramref name="whileLocked"/> runs under the store
    /// lock at that exact point, so the journal can start a new file there: no change falls between the
    /// snapshot and the file after it.
    /// </summary>
    public StoreSnapshot CaptureSnapshot(Action? whileLocked = null)
    {
        lock (_gate)
        {
            whileLocked?.Invoke();
            return new StoreSnapshot(_revision, [.. _tables.Values.SelectMany(t => t.Objects.Values)]);
        }
    }

    /// <summary>The storage keys that hold objects.</summary>
    public IReadOnlyList<string> StorageKeys
    {
        get
        {
            lock (_gate)
            {
                return [.. _tables.Where(t => t.Value.Objects.Count > 0).Select(t => t.Key)];
            }
        }
    }

    /// <summary>Called under the store lock after every committed change; must only queue work.</summary>
    public event Action<StoreEvent>? Changed;

    public long Revision
    {
        get
        {
            lock (_gate)
            {
                return _revision;
            }
        }
    }

    public StoredObject? Get(string storageKey, string ns, string name)
    {
        lock (_gate)
        {
            return _tables.TryGetValue(storageKey, out var table) ? table.Objects.GetValueOrDefault(StoredObject.KeyOf(ns, name)) : null;
        }
    }

    public StoredObject? Get(ObjectAddress address) => Get(address.StorageKey, address.Namespace, address.Name);

    /// <summary>The live object with <paramref name="uid"/>, or null.</summary>
    public StoredObject? GetByUid(string uid)
    {
        lock (_gate)
        {
            return _byUid.TryGetValue(uid, out var address) ? TableOf(address.StorageKey).Objects.GetValueOrDefault(address.Key) : null;
        }
    }

    /// <summary>The objects whose ownerReferences name <paramref name="ownerUid"/>.</summary>
    public IReadOnlyList<ObjectAddress> DependentsOf(string ownerUid)
    {
        lock (_gate)
        {
            return _dependentsByOwner.TryGetValue(ownerUid, out var set) ? [.. set] : [];
        }
    }

    /// <summary>Every object of a resource (in one namespace when given), as one snapshot.</summary>
    public IReadOnlyList<StoredObject> All(string storageKey, string? ns = null)
    {
        lock (_gate)
        {
            var table = TableOf(storageKey);
            return [.. table.KeysAfter(ns, string.Empty).Select(k => table.Objects[k])];
        }
    }

    /// <summary>The number of objects of a resource in a namespace (all when null).</summary>
    public int Count(string storageKey, string? ns)
    {
        lock (_gate)
        {
            var table = TableOf(storageKey);
            return ns is null ? table.Objects.Count : table.KeysAfter(ns, string.Empty).Count();
        }
    }

    /// <summary>
    /// One page of a list. A continued list shows the snapshot at its token's revision: changes made
    /// since are undone from the history; when the history no longer reaches back that far the token
    /// has expired (410), as etcd's compaction expires kube-apiserver's tokens.
    /// </summary>
    public ListPage List(string storageKey, string? ns, Func<StoredObject, bool> filter, int limit, ContinueToken? continueFrom)
    {
        lock (_gate)
        {
            var table = TableOf(storageKey);
            var revision = continueFrom?.Revision ?? _revision;
            var startAfter = continueFrom?.StartAfter ?? string.Empty;
            var asOfToken = continueFrom is null ? null : StateAt(storageKey, continueFrom.Revision);
            IEnumerable<string> keys = table.KeysAfter(ns, startAfter);
            if (asOfToken is { Count: > 0 })
            {
                var extra = asOfToken.Keys.Where(k => string.CompareOrdinal(k, startAfter) > 0 && InNamespace(k, ns));
                keys = keys.Concat(extra).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
            }

            var items = new List<StoredObject>();
            foreach (var key in keys)
            {
                var obj = asOfToken is not null && asOfToken.TryGetValue(key, out var past) ? past : table.Objects.GetValueOrDefault(key);
                if (obj is null || !filter(obj))
                {
                    continue;
                }

                if (limit > 0 && items.Count == limit)
                {
                    return new ListPage(items, revision, new ContinueToken(revision, items[^1].Key));
                }

                items.Add(obj);
            }

            return new ListPage(items, revision, null);
        }
    }

    /// <summary>Stores a new object, stamping its resourceVersion. Fails when the name is taken.</summary>
    public StoreResult Create(string storageKey, JsonObject obj, bool dryRun)
    {
        lock (_gate)
        {
            var table = TableOf(storageKey);
            var key = KeyOf(obj);
            if (table.Objects.TryGetValue(key, out var existing))
            {
                return new StoreResult(StoreOutcome.AlreadyExists, existing);
            }

            if (dryRun)
            {
                return new StoreResult(StoreOutcome.Ok, StoredObject.Create(storageKey, obj, 0));
            }

            var stored = Stamp(storageKey, obj);
            table.Objects[key] = stored;
            table.Keys.Add(key);
            Index(null, stored);
            Publish(table, new StoreEvent(StoreEventType.Added, stored, null));
            return new StoreResult(StoreOutcome.Ok, stored);
        }
    }

    /// <summary>Replaces an object if it is still at <paramref name="expectedRevision"/>.</summary>
    public StoreResult Update(string storageKey, JsonObject obj, long expectedRevision, bool dryRun)
    {
        lock (_gate)
        {
            var table = TableOf(storageKey);
            var key = KeyOf(obj);
            if (!table.Objects.TryGetValue(key, out var current))
            {
                return new StoreResult(StoreOutcome.NotFound, null);
            }

            if (current.ResourceVersion != expectedRevision)
            {
                return new StoreResult(StoreOutcome.Conflict, current);
            }

            if (dryRun)
            {
                return new StoreResult(StoreOutcome.Ok, StoredObject.Create(storageKey, obj, current.ResourceVersion));
            }

            var stored = Stamp(storageKey, obj);
            table.Objects[key] = stored;
            Index(current, stored);
            Publish(table, new StoreEvent(StoreEventType.Modified, stored, current));
            return new StoreResult(StoreOutcome.Ok, stored);
        }
    }

    /// <summary>Removes an object if it is still at <paramref name="expectedRevision"/>; the DELETED event
    /// carries its last state stamped with the deletion's resourceVersion.</summary>
    public StoreResult Remove(ObjectAddress address, long expectedRevision, bool dryRun)
    {
        lock (_gate)
        {
            var table = TableOf(address.StorageKey);
            if (!table.Objects.TryGetValue(address.Key, out var current))
            {
                return new StoreResult(StoreOutcome.NotFound, null);
            }

            if (current.ResourceVersion != expectedRevision)
            {
                return new StoreResult(StoreOutcome.Conflict, current);
            }

            if (dryRun)
            {
                return new StoreResult(StoreOutcome.Ok, current);
            }

            var final = Stamp(address.StorageKey, current.ToJsonObject());
            table.Objects.Remove(address.Key);
            table.Keys.Remove(address.Key);
            Index(current, null);
            Publish(table, new StoreEvent(StoreEventType.Deleted, final, current));
            return new StoreResult(StoreOutcome.Ok, final);
        }
    }

    /// <summary>Drops every object of a resource without events (a CRD whose resources are gone).</summary>
    public void Purge(string storageKey)
    {
        lock (_gate)
        {
            if (_tables.Remove(storageKey, out var table))
            {
                if (table.Objects.Count > 0)
                {
                    _journal?.RecordPurge(storageKey);
                }

                foreach (var obj in table.Objects.Values)
                {
                    Index(obj, null);
                }

                foreach (var watch in table.Watches.ToList())
                {
                    watch.Close();
                }
            }
        }
    }

    /// <summary>
    /// Opens a watch. Without a revision the current objects come back as the initial events (ADDED);
    /// with one, the retained changes after it. Snapshot and subscription happen under one lock, so
    /// nothing is lost or repeated between them.
    /// </summary>
    public WatchSubscription Watch(string storageKey, string? ns, long? fromRevision, out IReadOnlyList<StoreEvent> initial, out long revision)
    {
        lock (_gate)
        {
            revision = _revision;
            var table = TableOf(storageKey);
            var subscription = new WatchSubscription(storageKey, ns, Unsubscribe);
            if (fromRevision is not { } from)
            {
                initial = [.. table.KeysAfter(ns, string.Empty).Select(k => new StoreEvent(StoreEventType.Added, table.Objects[k], null))];
            }
            else
            {
                if (from < _oldestAvailable)
                {
                    throw new ResourceVersionTooOldException(from, _oldestAvailable + 1);
                }

                initial = [.. _history.Where(e => e.Revision > from && e.Object.StorageKey == storageKey && subscription.Concerns(e.Object))];
            }

            table.Watches.Add(subscription);
            return subscription;
        }
    }

    /// <summary>Sends a bookmark at the current revision to <paramref name="subscription"/>, in order with its events.</summary>
    public void Bookmark(WatchSubscription subscription)
    {
        lock (_gate)
        {
            subscription.OfferBookmark(_revision);
        }
    }

    /// <summary>Forgets the change history: watches resumed from an older revision get 410 Expired.</summary>
    public void Compact()
    {
        lock (_gate)
        {
            _history.Clear();
            _oldestAvailable = _revision;
        }
    }

    /// <summary>Closes every open watch from the server side.</summary>
    public int DropAllWatches()
    {
        lock (_gate)
        {
            var all = _tables.Values.SelectMany(t => t.Watches).ToList();
            foreach (var watch in all)
            {
                watch.Close();
            }

            return all.Count;
        }
    }

    /// <summary>The number of watches open now.</summary>
    public int OpenWatchCount
    {
        get
        {
            lock (_gate)
            {
                return _tables.Values.Sum(t => t.Watches.Count);
            }
        }
    }

    private static string KeyOf(JsonObject obj)
    {
        var metadata = obj["metadata"]!.AsObject();
        return StoredObject.KeyOf((string?)metadata["namespace"] ?? string.Empty, (string)metadata["name"]!);
    }

    private static bool InNamespace(string key, string? ns) => ns is null || key.StartsWith(ns + "/", StringComparison.Ordinal);

    private ResourceTable TableOf(string storageKey)
    {
        if (!_tables.TryGetValue(storageKey, out var table))
        {
            table = new ResourceTable();
            _tables[storageKey] = table;
        }

        return table;
    }

    private StoredObject Stamp(string storageKey, JsonObject obj)
    {
        _revision++;
        obj["metadata"]!["resourceVersion"] = _revision.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return StoredObject.Create(storageKey, obj, _revision);
    }

    // The state at `revision` of the keys that changed after it: the version before their first later
    // change (null when they did not exist yet).
    private Dictionary<string, StoredObject?> StateAt(string storageKey, long revision)
    {
        if (revision < _oldestAvailable)
        {
            throw new ResourceVersionTooOldException(revision, _oldestAvailable + 1);
        }

        var state = new Dictionary<string, StoredObject?>(StringComparer.Ordinal);
        foreach (var change in _history)
        {
            if (change.Revision > revision && change.Object.StorageKey == storageKey)
            {
                state.TryAdd(change.Object.Key, change.Previous);
            }
        }

        return state;
    }

    private void Index(StoredObject? before, StoredObject? after)
    {
        if (before is not null)
        {
            _byUid.Remove(before.Uid);
            foreach (var owner in before.OwnerReferences)
            {
                if (_dependentsByOwner.TryGetValue(owner.Uid, out var set) && set.Remove(before.Address) && set.Count == 0)
                {
                    _dependentsByOwner.Remove(owner.Uid);
                }
            }
        }

        if (after is not null)
        {
            _byUid[after.Uid] = after.Address;
            foreach (var owner in after.OwnerReferences)
            {
                if (!_dependentsByOwner.TryGetValue(owner.Uid, out var set))
                {
                    set = [];
                    _dependentsByOwner[owner.Uid] = set;
                }

                set.Add(after.Address);
            }
        }
    }

    private void Publish(ResourceTable table, StoreEvent change)
    {
        // Journalled under the lock, so the journal's order is the resourceVersion order.
        _journal?.Record(change);
        _history.AddLast(change);
        while (_history.Count > _historyLimit)
        {
            _oldestAvailable = _history.First!.Value.Revision;
            _history.RemoveFirst();
        }

        foreach (var watch in table.Watches)
        {
            watch.Offer(change);
        }

        Changed?.Invoke(change);
    }

    private void Unsubscribe(WatchSubscription subscription)
    {
        lock (_gate)
        {
            if (_tables.TryGetValue(subscription.StorageKey, out var table))
            {
                table.Watches.Remove(subscription);
            }
        }
    }
}
