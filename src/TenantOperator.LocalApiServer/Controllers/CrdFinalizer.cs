using TenantOperator.LocalApiServer.Objects;
using TenantOperator.LocalApiServer.Resources;

namespace TenantOperator.LocalApiServer.Controllers;

/// <summary>
/// The CRD cleanup kube-apiserver runs: once a CRD is being deleted its instances are deleted (those with
/// finalizers stay until released), then its cleanup finalizer comes off and it goes, taking its
/// resources out of discovery.
/// </summary>
internal sealed class CrdFinalizer(ObjectService objects)
{
    public void Progress(string crdName)
    {
        var crd = objects.Store.Get(CustomResourceDefinitions.StorageKey, string.Empty, crdName);
        if (crd is null || !crd.IsDeleting)
        {
            return;
        }

        var storageKey = StorageKeyOf(crd.ToJsonObject());
        var instances = objects.Store.All(storageKey);
        foreach (var instance in instances.Where(i => !i.IsDeleting))
        {
            objects.DeleteSystem(instance.Address, PropagationPolicy.Background);
        }

        if (objects.Store.Count(storageKey, null) == 0)
        {
            objects.MutateSystem(crd.Address, obj => GarbageCollector.RemoveFinalizer(obj, CustomResourceDefinitions.CleanupFinalizer));
        }
    }

    public static string StorageKeyOf(System.Text.Json.Nodes.JsonObject crd) =>
        $"{(string?)crd["spec"]?["names"]?["plural"]}.{(string?)crd["spec"]?["group"]}";
}
