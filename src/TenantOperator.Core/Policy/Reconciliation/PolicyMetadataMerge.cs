using k8s.Models;

namespace TenantOperator.Policy.Reconciliation;

/// <summary>
/// How a planned policy's metadata replaces the metadata of the policy in place, which other owners may have added to:
/// our labels, annotations and ownerReference win; labels, annotations, non-controller owners and finalizers that
/// others added are kept; the uid and the resourceVersion that guard the write are the ones in place. Another
/// controller reference is dropped: a policy has one controller, and a policy we change is ours
/// (<see cref="PolicyOwnership.MayChange"/>).
/// </summary>
public static class PolicyMetadataMerge
{
    /// <summary>The metadata to send in a replace of <paramref name="inPlace"/> by <paramref name="planned"/>; neither is changed.</summary>
    public static V1ObjectMeta Replacement(V1ObjectMeta planned, V1ObjectMeta inPlace)
    {
        var ours = planned.OwnerReferences ?? [];
        var others = (inPlace.OwnerReferences ?? []).Where(o => !ours.Any(d => d.Uid == o.Uid) && o.Controller != true);
        return new V1ObjectMeta
        {
            Name = planned.Name,
            NamespaceProperty = planned.NamespaceProperty,
            GenerateName = planned.GenerateName,
            Generation = planned.Generation,
            CreationTimestamp = planned.CreationTimestamp,
            DeletionTimestamp = planned.DeletionTimestamp,
            DeletionGracePeriodSeconds = planned.DeletionGracePeriodSeconds,
            ManagedFields = planned.ManagedFields,
            SelfLink = planned.SelfLink,
            ResourceVersion = inPlace.ResourceVersion,
            Uid = inPlace.Uid,
            Labels = Union(inPlace.Labels, planned.Labels),
            Annotations = Union(inPlace.Annotations, planned.Annotations),
            Finalizers = inPlace.Finalizers,
            OwnerReferences = ours.Concat(others).ToList() is { Count: > 0 } owners ? owners : null,
        };
    }

    private static Dictionary<string, string>? Union(IDictionary<string, string>? theirs, IDictionary<string, string>? ours)
    {
        if (theirs is null && ours is null)
        {
            return null;
        }

        var result = new Dictionary<string, string>(theirs ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var (key, value) in ours ?? new Dictionary<string, string>())
        {
            result[key] = value;
        }

        return result;
    }
}
