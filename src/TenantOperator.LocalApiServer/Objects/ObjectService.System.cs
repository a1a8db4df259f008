using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Http;
using TenantOperator.LocalApiServer.Storage;

namespace TenantOperator.LocalApiServer.Objects;

/// <summary>Writes made by the server's own controllers (garbage collector, namespace and CRD cleanup),
/// on the stored shape, retried on conflicts, never counted as client requests.</summary>
internal sealed partial class ObjectService
{
    /// <summary>Changes a stored object with <paramref name="mutate"/> (which returns false for "no change"),
    /// removing it when that leaves a deleting object without finalizers.</summary>
    public void MutateSystem(ObjectAddress address, Func<JsonObject, bool> mutate)
    {
        for (var attempt = 0; attempt < MaxConflictRetries; attempt++)
        {
            var stored = Store.Get(address);
            if (stored is null)
            {
                return;
            }

            var obj = stored.ToJsonObject();
            if (!mutate(obj))
            {
                return;
            }

            var result = ShouldRemove(address.StorageKey, obj)
                ? Store.Remove(address, stored.ResourceVersion, dryRun: false)
                : Store.Update(address.StorageKey, obj, stored.ResourceVersion, dryRun: false);
            if (result.Outcome != StoreOutcome.Conflict)
            {
                return;
            }
        }
    }

    /// <summary>Deletes a stored object as a client's DELETE would, with <paramref name="policy"/>.</summary>
    public void DeleteSystem(ObjectAddress address, PropagationPolicy policy)
    {
        var resource = _registry.ByStorageKey(address.StorageKey).FirstOrDefault();
        if (resource is null)
        {
            // Its resource is no longer served (CRD gone): drop it directly.
            if (Store.Get(address) is { } orphaned)
            {
                Store.Remove(address, orphaned.ResourceVersion, dryRun: false);
            }

            return;
        }

        try
        {
            Delete(resource, address.Namespace, address.Name, new DeleteRequest(policy, null, null, false));
        }
        catch (ApiException e) when (e.Code is 404 or 403)
        {
            // Already gone, or a namespace that may not be deleted.
        }
    }
}
