using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Objects;

namespace TenantOperator.LocalApiServer.Controllers;

/// <summary>
/// Kubernetes' namespace controller: once a namespace is Terminating, every object in it is deleted;
/// when none is left (objects with finalizers stay until those are removed), the <c>kubernetes</c>
/// finalizer is taken off its spec and the namespace goes.
/// </summary>
internal sealed class NamespaceFinalizer(ObjectService objects)
{
    public void Progress(string ns)
    {
        var namespaceObject = objects.Store.Get("namespaces", string.Empty, ns);
        if (namespaceObject is null || !namespaceObject.IsDeleting)
        {
            return;
        }

        var remaining = 0;
        foreach (var resource in objects.Registry.NamespacedStorages())
        {
            foreach (var obj in objects.Store.All(resource.StorageKey, ns))
            {
                remaining++;
                if (!obj.IsDeleting)
                {
                    objects.DeleteSystem(obj.Address, PropagationPolicy.Background);
                }
            }
        }

        if (remaining > 0 && objects.Registry.NamespacedStorages().Any(r => objects.Store.Count(r.StorageKey, ns) > 0))
        {
            return;
        }

        objects.MutateSystem(namespaceObject.Address, obj =>
        {
            if (obj["spec"]?["finalizers"] is not JsonArray finalizers)
            {
                return false;
            }

            var kept = finalizers.Where(f => (string?)f != KindRules.NamespaceFinalizer).Select(f => f?.DeepClone()).ToList();
            if (kept.Count == finalizers.Count)
            {
                return false;
            }

            obj["spec"]!["finalizers"] = new JsonArray([.. kept]);
            return true;
        });
    }
}
