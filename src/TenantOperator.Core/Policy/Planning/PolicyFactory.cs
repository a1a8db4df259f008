using k8s.Models;
using TenantOperator.Api;

namespace TenantOperator.Policy.Planning;

/// <summary>Dresses a planned policy spec with the metadata every generated policy carries.</summary>
internal static class PolicyFactory
{
    /// <summary>
    /// A NetworkPolicy labelled as ours and as the tenant's, annotated with its content hash, and owned by the
    /// tenant (controller, blockOwnerDeletion) when the tenant's uid is known, so the garbage collector removes it with
    /// the tenant. Offline (render) there is no uid, and no ownerReference: the API server would reject one without it.
    /// </summary>
    public static V1NetworkPolicy Create(TenantIsolation tenant, string ns, string name, V1NetworkPolicySpec spec)
    {
        var labels = new Dictionary<string, string>
        {
            [WellKnown.ManagedByLabel] = WellKnown.ManagedByValue,
            [WellKnown.TenantLabel] = tenant.Metadata.Name,
        };
        var uid = tenant.Metadata.Uid;
        return new V1NetworkPolicy
        {
            ApiVersion = "networking.k8s.io/v1",
            Kind = "NetworkPolicy",
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = ns,
                Labels = labels,
                Annotations = new Dictionary<string, string> { [WellKnown.ContentHashAnnotation] = ContentHash.Of(labels, spec) },
                OwnerReferences = string.IsNullOrEmpty(uid) ? null :
                [
                    new V1OwnerReference
                    {
                        ApiVersion = TenantIsolation.GroupVersion,
                        Kind = TenantIsolation.KindName,
                        Name = tenant.Metadata.Name,
                        Uid = uid,
                        Controller = true,
                        BlockOwnerDeletion = true,
                    },
                ],
            },
            Spec = spec,
        };
    }
}
