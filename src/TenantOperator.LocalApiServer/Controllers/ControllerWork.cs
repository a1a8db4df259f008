using TenantOperator.LocalApiServer.Storage;

namespace TenantOperator.LocalApiServer.Controllers;

/// <summary>The work items of the in-process controllers.</summary>
internal abstract record ControllerWork
{
    /// <summary>Check whether a dependent's owners still exist.</summary>
    public sealed record CheckDependent(ObjectAddress Address) : ControllerWork;

    /// <summary>An object with this uid is gone: its dependents may be orphaned now.</summary>
    public sealed record OwnerGone(string Uid) : ControllerWork;

    /// <summary>A dependent of this owner was deleted or changed: a foreground deletion may complete.</summary>
    public sealed record OwnerProgress(string Uid) : ControllerWork;

    /// <summary>An owner is being deleted with the foregroundDeletion or orphan finalizer.</summary>
    public sealed record OwnerDeleting(ObjectAddress Address) : ControllerWork;

    /// <summary>A namespace may be terminating: delete its content, then finalize it.</summary>
    public sealed record NamespaceProgress(string Namespace) : ControllerWork;

    /// <summary>A CRD may be terminating: delete its instances, then release it.</summary>
    public sealed record CrdProgress(string CrdName) : ControllerWork;

    /// <summary>A CRD is gone: forget anything left of its resources.</summary>
    public sealed record Purge(string StorageKey) : ControllerWork;
}
