using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Storage;

namespace TenantOperator.LocalApiServer.Authorization;

/// <summary>
/// One consistent view of the cluster's RBAC objects: roles by name with their rules, bindings by namespace. The
/// authorizer reads it on every request; it is rebuilt only after an RBAC object changed (see
/// <see cref="RbacPolicySource"/>). Bindings are kept in name order, so the binding an "allowed by" reason names
/// does not depend on storage order.
/// </summary>
internal sealed class RbacPolicy
{
    public const string Group = "rbac.authorization.k8s.io";
    public const string RolesKey = "roles." + Group;
    public const string RoleBindingsKey = "rolebindings." + Group;
    public const string ClusterRolesKey = "clusterroles." + Group;
    public const string ClusterRoleBindingsKey = "clusterrolebindings." + Group;

    private static readonly IReadOnlyList<RbacBinding> None = [];
    private readonly Dictionary<string, IReadOnlyList<RbacBinding>> _roleBindings;
    private readonly Dictionary<string, IReadOnlyList<PolicyRule>> _clusterRoles;
    private readonly Dictionary<(string Namespace, string Name), IReadOnlyList<PolicyRule>> _roles;

    private RbacPolicy(
        IReadOnlyList<RbacBinding> clusterRoleBindings,
        Dictionary<string, IReadOnlyList<RbacBinding>> roleBindings,
        Dictionary<string, IReadOnlyList<PolicyRule>> clusterRoles,
        Dictionary<(string, string), IReadOnlyList<PolicyRule>> roles)
    {
        ClusterRoleBindings = clusterRoleBindings;
        _roleBindings = roleBindings;
        _clusterRoles = clusterRoles;
        _roles = roles;
    }

    public IReadOnlyList<RbacBinding> ClusterRoleBindings { get; }

    public static RbacPolicy Load(ObjectStore store)
    {
        var clusterRoleBindings = Objects(store, ClusterRoleBindingsKey).Select(b => RbacBinding.FromJson(b, RbacBinding.ClusterRoleBindingKind)).ToList();
        var roleBindings = Objects(store, RoleBindingsKey)
            .Select(b => RbacBinding.FromJson(b, RbacBinding.RoleBindingKind))
            .GroupBy(b => b.Namespace, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<RbacBinding>)[.. g], StringComparer.Ordinal);
        var clusterRoles = Objects(store, ClusterRolesKey).ToDictionary(r => Name(r), r => PolicyRule.ListFromJson(r["rules"]), StringComparer.Ordinal);
        var roles = Objects(store, RolesKey).ToDictionary(r => (Namespace(r), Name(r)), r => PolicyRule.ListFromJson(r["rules"]));
        return new RbacPolicy(clusterRoleBindings, roleBindings, clusterRoles, roles);
    }

    public IReadOnlyList<RbacBinding> RoleBindingsIn(string ns) => _roleBindings.GetValueOrDefault(ns) ?? None;

    /// <summary>The rules a binding grants, or the error kube-apiserver's listers give for a missing role.</summary>
    public (IReadOnlyList<PolicyRule> Rules, string? Error) RulesOf(RoleReference role, string bindingNamespace) => role.Kind switch
    {
        "ClusterRole" => _clusterRoles.TryGetValue(role.Name, out var rules)
            ? (rules, null)
            : ([], $"clusterrole.{Group} \"{role.Name}\" not found"),
        "Role" => _roles.TryGetValue((bindingNamespace, role.Name), out var rules)
            ? (rules, null)
            : ([], $"role.{Group} \"{role.Name}\" not found"),
        _ => ([], $"unsupported role reference kind: \"{role.Kind}\""),
    };

    private static IEnumerable<JsonObject> Objects(ObjectStore store, string storageKey) =>
        store.All(storageKey).OrderBy(o => o.Namespace, StringComparer.Ordinal).ThenBy(o => o.Name, StringComparer.Ordinal).Select(o => o.ToJsonObject());

    private static string Name(JsonObject obj) => (string?)obj["metadata"]?["name"] ?? string.Empty;

    private static string Namespace(JsonObject obj) => (string?)obj["metadata"]?["namespace"] ?? string.Empty;
}
