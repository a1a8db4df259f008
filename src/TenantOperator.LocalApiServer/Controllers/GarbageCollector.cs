using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Objects;
using TenantOperator.LocalApiServer.Storage;

namespace TenantOperator.LocalApiServer.Controllers;

/// <summary>
/// Kubernetes' garbage collector, by ownerReference uid: a dependent whose owners are all gone is deleted
/// (in the background); one that keeps some owners loses the references to the missing ones; an owner
/// deleted in the foreground waits for its blocking dependents; an orphaning owner releases its
/// dependents before it goes.
/// </summary>
internal sealed class GarbageCollector(ObjectService objects)
{
    public void CheckDependent(ObjectAddress address)
    {
        var dependent = objects.Store.Get(address);
        if (dependent is null || dependent.OwnerReferences.Count == 0)
        {
            return;
        }

        var present = dependent.OwnerReferences.Where(o => objects.Store.GetByUid(o.Uid) is not null).Select(o => o.Uid).ToHashSet(StringComparer.Ordinal);
        if (present.Count == 0)
        {
            if (!dependent.IsDeleting)
            {
                objects.DeleteSystem(address, PropagationPolicy.Background);
            }

            return;
        }

        if (present.Count < dependent.OwnerReferences.Count)
        {
            objects.MutateSystem(address, obj => RemoveOwnerReferences(obj, uid => !present.Contains(uid)));
        }
    }

    public void OwnerGone(string uid)
    {
        foreach (var dependent in objects.Store.DependentsOf(uid))
        {
            CheckDependent(dependent);
        }
    }

    public void OwnerProgress(string uid)
    {
        if (objects.Store.GetByUid(uid) is { IsDeleting: true } owner)
        {
            OwnerDeleting(owner.Address);
        }
    }

    public void OwnerDeleting(ObjectAddress address)
    {
        var owner = objects.Store.Get(address);
        if (owner is null || !owner.IsDeleting)
        {
            return;
        }

        if (owner.Finalizers.Contains(ObjectService.OrphanFinalizer))
        {
            foreach (var dependent in objects.Store.DependentsOf(owner.Uid))
            {
                objects.MutateSystem(dependent, obj => RemoveOwnerReferences(obj, uid => uid == owner.Uid));
            }

            objects.MutateSystem(address, obj => RemoveFinalizer(obj, ObjectService.OrphanFinalizer));
            return;
        }

        if (!owner.Finalizers.Contains(ObjectService.ForegroundFinalizer))
        {
            return;
        }

        var blocking = 0;
        foreach (var dependentAddress in objects.Store.DependentsOf(owner.Uid))
        {
            var dependent = objects.Store.Get(dependentAddress);
            if (dependent is null)
            {
                continue;
            }

            if (!dependent.IsDeleting)
            {
                objects.DeleteSystem(dependentAddress, PropagationPolicy.Foreground);
                dependent = objects.Store.Get(dependentAddress);
            }

            if (dependent is not null && dependent.OwnerReferences.Any(o => o.Uid == owner.Uid && o.BlockOwnerDeletion))
            {
                blocking++;
            }
        }

        // Otherwise re-checked when a blocking dependent changes or goes (OwnerProgress).
        if (blocking == 0)
        {
            objects.MutateSystem(address, obj => RemoveFinalizer(obj, ObjectService.ForegroundFinalizer));
        }
    }

    private static bool RemoveOwnerReferences(JsonObject obj, Func<string, bool> remove)
    {
        if (ObjectMeta.Metadata(obj)["ownerReferences"] is not JsonArray refs)
        {
            return false;
        }

        var kept = refs.Where(r => !remove((string?)r?["uid"] ?? string.Empty)).Select(r => r?.DeepClone()).ToList();
        if (kept.Count == refs.Count)
        {
            return false;
        }

        if (kept.Count == 0)
        {
            ObjectMeta.Metadata(obj).Remove("ownerReferences");
        }
        else
        {
            ObjectMeta.Metadata(obj)["ownerReferences"] = new JsonArray([.. kept]);
        }

        return true;
    }

    internal static bool RemoveFinalizer(JsonObject obj, string finalizer)
    {
        var finalizers = ObjectMeta.Finalizers(obj);
        if (!finalizers.Remove(finalizer))
        {
            return false;
        }

        ObjectMeta.SetFinalizers(obj, finalizers);
        return true;
    }
}
