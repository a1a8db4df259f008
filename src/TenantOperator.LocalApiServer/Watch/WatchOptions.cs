namespace TenantOperator.LocalApiServer.Watch;

/// <summary>The watch parameters of a request.</summary>
/// <param name="ResourceVersion">Start after this revision; null (or "0") to start with every current object as ADDED.</param>
/// <param name="Timeout">Close the stream after this long (server time).</param>
/// <param name="AllowBookmarks">Send periodic BOOKMARK events.</param>
/// <param name="SendInitialEvents">Streaming list: the initial ADDED events end with a bookmark annotated <c>k8s.io/initial-events-end</c>.</param>
internal sealed record WatchOptions(long? ResourceVersion, TimeSpan Timeout, bool AllowBookmarks, bool SendInitialEvents);
