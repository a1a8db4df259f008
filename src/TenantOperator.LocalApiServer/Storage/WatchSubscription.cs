using System.Threading.Channels;

namespace TenantOperator.LocalApiServer.Storage;

/// <summary>
/// One open watch on a resource (optionally one namespace). The store offers every change under its lock;
/// a subscriber that falls <see cref="Capacity"/> events behind is closed, as kube-apiserver closes a
/// watcher too slow to keep up, and its client re-lists.
/// </summary>
internal sealed class WatchSubscription : IDisposable
{
    public const int Capacity = 100_000;

    private readonly Channel<WatchItem> _channel = Channel.CreateBounded<WatchItem>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly Action<WatchSubscription> _unsubscribe;

    public WatchSubscription(string storageKey, string? ns, Action<WatchSubscription> unsubscribe)
    {
        StorageKey = storageKey;
        Namespace = ns;
        _unsubscribe = unsubscribe;
    }

    public string StorageKey { get; }

    /// <summary>The namespace watched, or null for all namespaces.</summary>
    public string? Namespace { get; }

    public ChannelReader<WatchItem> Reader => _channel.Reader;

    /// <summary>True when the store (or a fault) closed the watch rather than the client.</summary>
    public bool ClosedByServer { get; private set; }

    public bool Concerns(StoredObject obj) => Namespace is null || obj.Namespace == Namespace;

    /// <summary>Queues a change; closes the watch when the subscriber has fallen too far behind.</summary>
    public void Offer(StoreEvent change)
    {
        if (Concerns(change.Object) && !_channel.Writer.TryWrite(WatchItem.Of(change)))
        {
            Close();
        }
    }

    /// <summary>Queues a bookmark; ordering with events is kept because both are offered under the store lock.</summary>
    public void OfferBookmark(long revision) => _channel.Writer.TryWrite(WatchItem.Bookmark(revision));

    /// <summary>Ends the stream from the server side.</summary>
    public void Close()
    {
        ClosedByServer = true;
        _channel.Writer.TryComplete();
    }

    public void Dispose()
    {
        _channel.Writer.TryComplete();
        _unsubscribe(this);
    }
}
