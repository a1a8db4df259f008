using Microsoft.Extensions.Logging;
using TenantOperator.LocalApiServer.Authorization;

namespace TenantOperator.LocalApiServer;

/// <summary>How to start a <see cref="LocalKubernetesApiServer"/>.</summary>
public sealed class LocalApiServerOptions
{
    /// <summary>The TCP port; 0 (the default) picks a free one, as tests should.</summary>
    public int Port { get; init; }

    /// <summary>The address to listen on; loopback by default. The server speaks plain HTTP, so bearer tokens travel in
    /// clear text: keep it local.</summary>
    public string BindAddress { get; init; } = "127.0.0.1";

    /// <summary>The clock for timestamps, watch timeouts, bookmarks and injected delays.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Where the server logs (its own messages; Kestrel's are not forwarded). Null: no logging.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>How many changes the watch history keeps; a watch resumed from an older resourceVersion gets 410 Expired.</summary>
    public int WatchHistorySize { get; init; } = 10_000;

    /// <summary>How often a watch with <c>allowWatchBookmarks=true</c> gets a BOOKMARK.</summary>
    public TimeSpan BookmarkInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a watch without <c>timeoutSeconds</c> stays open.</summary>
    public TimeSpan DefaultWatchTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// A directory that keeps every object across restarts (a snapshot plus a journal; created if absent,
    /// and locked against a second server). Every change is on disk before its write is acknowledged.
    /// Null (the default): in memory only, gone when the server stops.
    /// </summary>
    public string? DataDirectory { get; init; }

    /// <summary>The journal size at which the data directory is compacted into a new snapshot (64 MiB by default).</summary>
    public long JournalCompactionBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>
    /// How requests are authorized (kube-apiserver's <c>--authorization-mode</c>): <see cref="AuthorizationMode.Rbac"/>,
    /// the default, as a cluster does; <see cref="AuthorizationMode.AlwaysAllow"/> to measure what RBAC costs.
    /// Authentication happens either way: a bad token is 401.
    /// </summary>
    public AuthorizationMode Authorization { get; init; } = AuthorizationMode.Rbac;

    /// <summary>Whether the OwnerReferencesPermissionEnforcement admission plugin checks writes (on by default, as in
    /// OpenShift): setting <c>blockOwnerDeletion</c> needs <c>update</c> on the owner's <c>finalizers</c>.</summary>
    public bool OwnerReferencesPermissionEnforcement { get; init; } = true;

    /// <summary>Whether ValidatingAdmissionPolicies and their bindings are enforced at admission (on by default, as in
    /// kube-apiserver since 1.30). Off, they are still served and validated, as with the plugin disabled upstream.</summary>
    public bool ValidatingAdmissionPolicy { get; init; } = true;

    /// <summary>
    /// The kube-apiserver release whose CEL environment CRD rules are checked against (1.30 to 1.32). As that release
    /// does, new rules may only use what its previous release declares (its compatibility version), so a rule calling
    /// <c>isCIDR</c> is refused with 1.30 and accepted from 1.31. The default, 1.31, is the oldest release that
    /// accepts the IP and CIDR libraries in new rules: a CRD this server accepts installs there too.
    /// </summary>
    public Schema.KubernetesVersion KubernetesVersion { get; init; } = Schema.KubernetesVersion.Default;
}
