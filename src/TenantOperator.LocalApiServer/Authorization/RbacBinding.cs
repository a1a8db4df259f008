using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Authentication;

namespace TenantOperator.LocalApiServer.Authorization;

/// <summary>A subject of a binding: a User, a Group, or a ServiceAccount (with its namespace).</summary>
internal sealed record RbacSubject(string Kind, string Name, string Namespace)
{
    public const string UserKind = "User";
    public const string GroupKind = "Group";
    public const string ServiceAccountKind = "ServiceAccount";

    /// <summary>
    /// Whether the subject names <paramref name="user"/> (the RBAC rule resolver's appliesToUser): a ServiceAccount
    /// subject without a namespace means one of the binding's own namespace, and matches nothing in a
    /// ClusterRoleBinding.
    /// </summary>
    public bool AppliesTo(UserInfo user, string bindingNamespace)
    {
        switch (Kind)
        {
            case UserKind:
                return user.Name == Name;
            case GroupKind:
                return user.Groups.Contains(Name);
            case ServiceAccountKind:
                var ns = Namespace.Length > 0 ? Namespace : bindingNamespace;
                return ns.Length > 0 && ServiceAccountNames.Matches(ns, Name, user.Name);
            default:
                return false;
        }
    }

    /// <summary>As RBAC's "allowed by" reason describes the subject, e.g. <c>ServiceAccount "name/namespace"</c>.</summary>
    public string Describe(string bindingNamespace) => Kind == ServiceAccountKind
        ? $"{Kind} \"{Name}/{(Namespace.Length > 0 ? Namespace : bindingNamespace)}\""
        : $"{Kind} \"{Name}\"";
}

/// <summary>The role a binding grants: <c>Role</c> (in the binding's namespace) or <c>ClusterRole</c>.</summary>
internal sealed record RoleReference(string Kind, string Name);

/// <summary>A RoleBinding or ClusterRoleBinding, as the authorizer reads it.</summary>
internal sealed record RbacBinding(string Kind, string Namespace, string Name, RoleReference Role, IReadOnlyList<RbacSubject> Subjects)
{
    public const string ClusterRoleBindingKind = "ClusterRoleBinding";
    public const string RoleBindingKind = "RoleBinding";

    public static RbacBinding FromJson(JsonObject binding, string kind)
    {
        var metadata = binding["metadata"] as JsonObject;
        var roleRef = binding["roleRef"] as JsonObject;
        var subjects = binding["subjects"] is JsonArray list
            ? list.OfType<JsonObject>().Select(s => new RbacSubject(Text(s["kind"]), Text(s["name"]), Text(s["namespace"]))).ToList()
            : [];
        return new RbacBinding(kind, Text(metadata?["namespace"]), Text(metadata?["name"]), new RoleReference(Text(roleRef?["kind"]), Text(roleRef?["name"])), subjects);
    }

    /// <summary>The first subject that names <paramref name="user"/>, or null.</summary>
    public RbacSubject? SubjectFor(UserInfo user) => Subjects.FirstOrDefault(s => s.AppliesTo(user, Namespace));

    /// <summary>The binding as RBAC's reasons name it: <c>ClusterRoleBinding "name"</c> or <c>RoleBinding "name/namespace"</c>.</summary>
    public string Describe() => Kind == RoleBindingKind ? $"{Kind} \"{Name}/{Namespace}\"" : $"{Kind} \"{Name}\"";

    private static string Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : string.Empty;
}
