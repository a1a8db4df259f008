namespace TenantOperator.Runtime.Informers;

/// <summary>
/// Receives the changes an informer sees, after its cache has been updated. Called on the informer's
/// own loop, one change at a time, so handlers must be quick (a controller's handler only enqueues keys)
/// and must not change the objects they are given: the same instances are in the cache.
/// </summary>
public interface IResourceEventHandler<in T>
{
    /// <summary>An object appeared (including every object of the first list).</summary>
    void OnAdded(T resource);

    /// <summary>An object changed from <paramref name="old"/> to <paramref name="current"/>.</summary>
    void OnUpdated(T old, T current);

    /// <summary>An object went away; <paramref name="resource"/> is its last known state.</summary>
    void OnDeleted(T resource);
}
