using TenantOperator.LocalApiServer.BuiltIns.Kinds;
using TenantOperator.LocalApiServer.BuiltIns.Typing.Types;
using TenantOperator.LocalApiServer.Resources;

namespace TenantOperator.LocalApiServer.BuiltIns;

/// <summary>The built-in resource versions the server decodes, defaults and validates as kube-apiserver does.</summary>
internal static class BuiltInKinds
{
    private static readonly Dictionary<GroupVersionResource, BuiltInKind> Kinds = new()
    {
        [new("", "v1", "namespaces")] = new NamespaceKind(),
        [new("", "v1", "pods")] = new PodKind(),
        [new("", "v1", "events")] = new EventKind(eventsV1: false),
        [new("", "v1", "configmaps")] = new DecodedOnlyKind(CoreV1.ConfigMap, legacyFinalizerNames: true),
        [new("", "v1", "serviceaccounts")] = new DecodedOnlyKind(CoreV1.ServiceAccount, legacyFinalizerNames: true),
        [new("events.k8s.io", "v1", "events")] = new EventKind(eventsV1: true),
        [new("networking.k8s.io", "v1", "networkpolicies")] = new NetworkPolicyKind(),
        [new("coordination.k8s.io", "v1", "leases")] = new LeaseKind(),
        [new("rbac.authorization.k8s.io", "v1", "roles")] = new DecodedOnlyKind(RbacV1.Role),
        [new("rbac.authorization.k8s.io", "v1", "clusterroles")] = new DecodedOnlyKind(RbacV1.ClusterRole),
        [new("rbac.authorization.k8s.io", "v1", "rolebindings")] = new DecodedOnlyKind(RbacV1.RoleBinding),
        [new("rbac.authorization.k8s.io", "v1", "clusterrolebindings")] = new DecodedOnlyKind(RbacV1.ClusterRoleBinding),
    };

    /// <summary>The kind of <paramref name="resource"/>, or null for custom resources and CRDs (validated by their own rules).</summary>
    public static BuiltInKind? For(ResourceDefinition resource) =>
        resource.IsCustom ? null : Kinds.GetValueOrDefault(resource.Gvr);
}
