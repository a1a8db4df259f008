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

    /// <summary>
    /// An event the client could not decode into the resource type: the change it carried is lost to the cache, so
    /// the stream ends here and the informer lists again. <see cref="ResourceWatchEvent{T}.Undecodable"/> says which.
    /// </summary>
    Undecodable,
}

/// <summary>One event of a watch stream.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Object">The object (for a bookmark: only its resource version); null for an error or an undecodable event.</param>
/// <param name="Status">For <see cref="WatchEventKind.Error"/>: the server's Status.</param>
/// <param name="Undecodable">For <see cref="WatchEventKind.Undecodable"/>: which object, as far as it could be read, and why.</param>
public sealed record ResourceWatchEvent<T>(WatchEventKind Kind, T? Object, V1Status? Status = null, UndecodableObject? Undecodable = null)
{
    /// <summary>An in-stream error event.</summary>
    public static ResourceWatchEvent<T> Failure(V1Status status) => new(WatchEventKind.Error, default, status);

    /// <summary>An event that could not be decoded.</summary>
    public static ResourceWatchEvent<T> Unreadable(UndecodableObject what) => new(WatchEventKind.Undecodable, default, null, what);

    /// <summary>True for an error event that says the watched resource version has expired (410 Gone).</summary>
    public bool IsExpired => Kind == WatchEventKind.Error && Status?.Code == 410;
}

/// <summary>A watch event that could not be decoded.</summary>
/// <param name="Key">The object's <c>namespace/name</c> (or <c>name</c>) as far as the event could be read; <see cref="UnknownKey"/> when not at all.</param>
/// <param name="ResourceVersion">The object's resourceVersion, when readable.</param>
/// <param name="Error">Why it could not be decoded (the deserializer's message, with the JSON path).</param>
public sealed record UndecodableObject(string Key, string? ResourceVersion, string Error)
{
    /// <summary>The key of an event too broken to name its object.</summary>
    public const string UnknownKey = "(unknown object)";

    /// <inheritdoc />
    public override string ToString() => ResourceVersion is null ? Key : $"{Key} at resourceVersion {ResourceVersion}";
}
