using static TenantOperator.LocalApiServer.BuiltIns.Typing.Types.GoTypeBuilder;

namespace TenantOperator.LocalApiServer.BuiltIns.Typing.Types;

/// <summary>k8s.io/api/rbac/v1 kinds.</summary>
internal static class RbacV1
{
    private static GoStruct PolicyRule { get; } = Struct("v1", "PolicyRule",
        Always("verbs", SliceOf(Str)),
        Field("apiGroups", SliceOf(Str)),
        Field("resources", SliceOf(Str)),
        Field("resourceNames", SliceOf(Str)),
        Field("nonResourceURLs", SliceOf(Str)));

    private static GoStruct Subject { get; } = Struct("v1", "Subject",
        Always("kind", Str),
        Field("apiGroup", Str),
        Always("name", Str),
        Field("namespace", Str));

    private static GoStruct RoleRef { get; } = Struct("v1", "RoleRef",
        Always("apiGroup", Str),
        Always("kind", Str),
        Always("name", Str));

    public static GoStruct Role { get; } = MetaV1.Kind("v1", "Role", Always("rules", SliceOf(PolicyRule)));

    public static GoStruct ClusterRole { get; } = MetaV1.Kind("v1", "ClusterRole",
        Always("rules", SliceOf(PolicyRule)),
        Pointer("aggregationRule", Struct("v1", "AggregationRule", Field("clusterRoleSelectors", SliceOf(MetaV1.LabelSelector)))));

    public static GoStruct RoleBinding { get; } = MetaV1.Kind("v1", "RoleBinding",
        Field("subjects", SliceOf(Subject)),
        Always("roleRef", RoleRef));

    public static GoStruct ClusterRoleBinding { get; } = MetaV1.Kind("v1", "ClusterRoleBinding",
        Field("subjects", SliceOf(Subject)),
        Always("roleRef", RoleRef));
}
