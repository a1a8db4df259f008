namespace TenantOperator.LocalApiServer.Http.Options;

/// <summary>The ListOptions of a list, watch or deletecollection, as read from the query.</summary>
/// <param name="ResourceVersion">The raw <c>resourceVersion</c>; parsed where storage parses it.</param>
/// <param name="ResourceVersionMatch"><c>Exact</c>, <c>NotOlderThan</c> or empty.</param>
/// <param name="Limit">The page size; 0 for no limit (a negative limit is none, as in kube-apiserver).</param>
/// <param name="Continue">The continue token, or empty.</param>
/// <param name="WatchTimeout">When a watch ends.</param>
/// <param name="AllowWatchBookmarks">Send BOOKMARK events.</param>
/// <param name="SendInitialEvents">Null when absent.</param>
internal sealed record ListOptions(
    string ResourceVersion,
    string ResourceVersionMatch,
    long Limit,
    string Continue,
    TimeSpan WatchTimeout,
    bool AllowWatchBookmarks,
    bool? SendInitialEvents);
