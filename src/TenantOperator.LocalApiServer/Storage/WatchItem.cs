namespace TenantOperator.LocalApiServer.Storage;

/// <summary>What a watch subscription delivers: a store event, or a bookmark at a revision.</summary>
internal readonly record struct WatchItem(StoreEvent? Event, long BookmarkRevision)
{
    public static WatchItem Of(StoreEvent change) => new(change, 0);

    public static WatchItem Bookmark(long revision) => new(null, revision);
}
