using k8s;
using k8s.Models;

namespace TenantOperator.Runtime.Informers;

/// <summary>
/// A thread-safe store of the objects an informer has seen, keyed by <see cref="ObjectKey"/>, with
/// secondary indexes that controllers register (for example tenant name → policies by label value).
/// </summary>
/// <remarks>
/// Readers get the cached instances themselves, not copies: treat them as read-only and clone before
/// changing. Only the informer writes. Index buckets that become empty are removed, so the cache's
/// size follows the live objects and nothing else.
/// </remarks>
#pragma warning disable CA1001 // A cache lives as long as its informer, which is the process: its lock is never done with early.
public sealed class ResourceCache<T> where T : class, IKubernetesObject<V1ObjectMeta>
#pragma warning restore CA1001
{
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly Dictionary<string, T> _items = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<T, IEnumerable<string>>> _indexers = new(StringComparer.Ordinal);

    // index name → indexed value → keys of the objects that yield that value.
    private readonly Dictionary<string, Dictionary<string, HashSet<string>>> _indexes = new(StringComparer.Ordinal);

    /// <summary>Number of cached objects.</summary>
    public int Count
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _items.Count;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    /// <summary>
    /// Registers an index: <paramref name="indexFunc"/> returns the values an object is found under
    /// (none, one or several). Existing objects are indexed at once.
    /// </summary>
    /// <exception cref="ArgumentException">When an index of that name exists.</exception>
    public void AddIndex(string name, Func<T, IEnumerable<string>> indexFunc)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(indexFunc);
        _lock.EnterWriteLock();
        try
        {
            if (!_indexers.TryAdd(name, indexFunc))
            {
                throw new ArgumentException($"The cache already has an index named '{name}'.", nameof(name));
            }

            _indexes[name] = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            foreach (var (key, item) in _items)
            {
                AddToIndex(name, indexFunc, key, item);
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>The object with <paramref name="key"/> (see <see cref="ObjectKey"/>), or null.</summary>
    public T? Get(string key)
    {
        _lock.EnterReadLock();
        try
        {
            return _items.GetValueOrDefault(key);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>The object <paramref name="name"/> in <paramref name="namespace"/> (null for cluster-scoped), or null.</summary>
    public T? Get(string? @namespace, string name) => Get(ObjectKey.For(@namespace, name));

    /// <summary>A snapshot of all cached objects.</summary>
    public IReadOnlyList<T> List()
    {
        _lock.EnterReadLock();
        try
        {
            return [.. _items.Values];
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>A snapshot of the objects that index <paramref name="indexName"/> files under <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentException">When no index of that name exists.</exception>
    public IReadOnlyList<T> ByIndex(string indexName, string value)
    {
        _lock.EnterReadLock();
        try
        {
            if (!_indexes.TryGetValue(indexName, out var index))
            {
                throw new ArgumentException($"The cache has no index named '{indexName}'.", nameof(indexName));
            }

            return index.TryGetValue(value, out var keys) ? [.. keys.Select(k => _items[k])] : [];
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>The values index <paramref name="indexName"/> currently holds objects under.</summary>
    public IReadOnlyList<string> IndexValues(string indexName)
    {
        _lock.EnterReadLock();
        try
        {
            return _indexes.TryGetValue(indexName, out var index)
                ? [.. index.Keys]
                : throw new ArgumentException($"The cache has no index named '{indexName}'.", nameof(indexName));
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>Adds or replaces an object; returns the one it replaced, if any.</summary>
    internal T? Upsert(T item)
    {
        var key = ObjectKey.Of(item);
        _lock.EnterWriteLock();
        try
        {
            _items.TryGetValue(key, out var old);
            if (old is not null)
            {
                RemoveFromIndexes(key, old);
            }

            _items[key] = item;
            AddToIndexes(key, item);
            return old;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Removes the object with <paramref name="key"/>; returns it, if it was there.</summary>
    internal T? Remove(string key)
    {
        _lock.EnterWriteLock();
        try
        {
            if (!_items.Remove(key, out var old))
            {
                return null;
            }

            RemoveFromIndexes(key, old);
            return old;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>
    /// Replaces the whole content with <paramref name="items"/> (a fresh list) and returns what differs
    /// from before: new objects, changed objects (by resourceVersion) and vanished objects.
    /// </summary>
    internal IReadOnlyList<CacheChange<T>> Replace(IEnumerable<T> items)
    {
        var changes = new List<CacheChange<T>>();
        _lock.EnterWriteLock();
        try
        {
            var before = _items.Count;
            var fresh = new Dictionary<string, T>(StringComparer.Ordinal);
            foreach (var item in items)
            {
                fresh[ObjectKey.Of(item)] = item;
            }

            foreach (var (key, old) in _items)
            {
                if (!fresh.ContainsKey(key))
                {
                    changes.Add(new CacheChange<T>(key, old, default));
                }
            }

            foreach (var (key, item) in fresh)
            {
                var old = _items.GetValueOrDefault(key);
                if (old is null || old.Metadata?.ResourceVersion != item.Metadata?.ResourceVersion)
                {
                    changes.Add(new CacheChange<T>(key, old, item));
                }
            }

            // Apply by difference so indexes stay exact and unchanged objects keep their entries.
            foreach (var change in changes)
            {
                if (change.Old is not null)
                {
                    RemoveFromIndexes(change.Key, change.Old);
                    _items.Remove(change.Key);
                }

                if (change.Current is not null)
                {
                    _items[change.Key] = change.Current;
                    AddToIndexes(change.Key, change.Current);
                }
            }

            // A dictionary never gives back its buckets by itself; after a relist that lost most objects, let it.
            if (_items.Count < before / 2)
            {
                _items.TrimExcess();
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }

        return changes;
    }

    /// <summary>How many distinct values index <paramref name="indexName"/> holds (for tests of memory bounds).</summary>
    internal int IndexValueCount(string indexName)
    {
        _lock.EnterReadLock();
        try
        {
            return _indexes[indexName].Count;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    private void AddToIndexes(string key, T item)
    {
        foreach (var (name, indexFunc) in _indexers)
        {
            AddToIndex(name, indexFunc, key, item);
        }
    }

    private void AddToIndex(string name, Func<T, IEnumerable<string>> indexFunc, string key, T item)
    {
        var index = _indexes[name];
        foreach (var value in indexFunc(item))
        {
            if (!index.TryGetValue(value, out var keys))
            {
                keys = new HashSet<string>(StringComparer.Ordinal);
                index[value] = keys;
            }

            keys.Add(key);
        }
    }

    private void RemoveFromIndexes(string key, T item)
    {
        foreach (var (name, indexFunc) in _indexers)
        {
            var index = _indexes[name];
            foreach (var value in indexFunc(item))
            {
                if (index.TryGetValue(value, out var keys) && keys.Remove(key) && keys.Count == 0)
                {
                    index.Remove(value);
                }
            }
        }
    }
}

/// <summary>One difference found by <see cref="ResourceCache{T}.Replace"/>: added (no old), deleted (no current) or updated.</summary>
internal sealed record CacheChange<T>(string Key, T? Old, T? Current);
