using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Resources;

namespace TenantOperator.LocalApiServer.Objects;

/// <summary>
/// The per-kind rules of kube-apiserver's registry strategies that this server implements: what a
/// create resets, what an update may not change.
/// </summary>
internal static class KindRules
{
    public const string NamespaceNameLabel = "kubernetes.io/metadata.name";
    public const string NamespaceFinalizer = "kubernetes";

    public static void PrepareCreate(ResourceDefinition resource, JsonObject obj)
    {
        switch (resource.StorageKey)
        {
            case "namespaces":
                // The finalizers a client gave stay; "kubernetes" is added when missing (the registry's PrepareForCreate).
                var finalizers = (obj["spec"]?["finalizers"] as JsonArray ?? []).Select(f => f?.DeepClone()).ToList();
                if (!finalizers.Any(f => f?.GetValue<string>() == NamespaceFinalizer))
                {
                    finalizers.Add(NamespaceFinalizer);
                }

                obj["spec"] = new JsonObject { ["finalizers"] = new JsonArray([.. finalizers]) };
                obj["status"] = new JsonObject { ["phase"] = "Active" };
                SetNamespaceNameLabel(obj);
                break;
            case "pods":
                obj["status"] = new JsonObject { ["phase"] = "Pending", ["qosClass"] = "BestEffort" };
                break;
        }
    }

    /// <summary>Applies the update rules of the main resource: a namespace's spec.finalizers change only
    /// through <c>/finalize</c>, and its name label cannot be removed or changed.</summary>
    public static void PrepareUpdate(ResourceDefinition resource, JsonObject next, JsonObject current)
    {
        if (resource.StorageKey == "namespaces")
        {
            next["spec"] = current["spec"]?.DeepClone();
            SetNamespaceNameLabel(next);
        }
    }

    private static void SetNamespaceNameLabel(JsonObject obj)
    {
        var metadata = ObjectMeta.Metadata(obj);
        if (metadata["labels"] is not JsonObject labels)
        {
            labels = [];
            metadata["labels"] = labels;
        }

        labels[NamespaceNameLabel] = ObjectMeta.Name(obj);
    }
}
