using k8s.Models;

namespace TenantOperator.Runtime.Informers;

/// <summary>What a watch stream says.</summary>
public enum WatchEventKind
{
    /// <summary>An object was created (or now matches the watch).</summary>
    Added,

    /// <summary>An object changed.</summary>
    Modified,

    /// <summary>An object was deleted (or no longer matches the watch).</summary>
    Deleted,

    /// <summary>No change, only a newer resource version to resume from.</summary>
    Bookmark,

    /// <summary>The server reports an error (a Status); 410 means the resource version is too old.</summary>
    Error,
}

/// <summary>One event of a watch stream.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Object">The object (for a bookmark: only its resource version); null for an error.</param>
/// <param name="Status">For <see cref="WatchEventKind.Error"/>: the server's Status.</param>
public sealed record ResourceWatchEvent<T>(WatchEventKind Kind, T? Object, V1Status? Status = null)
{
    /// <summary>An in-stream error event.</summary>
    public static ResourceWatchEvent<T> Failure(V1Status status) => new(WatchEventKind.Error, default, status);

    /// <summary>True for an error event that says the watched resource version has expired (410 Gone).</summary>
    public bool IsExpired => Kind == WatchEventKind.Error && Status?.Code == 410;
}
