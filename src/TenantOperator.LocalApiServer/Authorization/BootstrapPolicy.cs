using System.Text.Json.Nodes;

namespace TenantOperator.LocalApiServer.Authorization;

/// <summary>
/// The default ClusterRoles and ClusterRoleBindings a cluster has, read from Kubernetes' bootstrap policy
/// (plugin/pkg/auth/authorizer/rbac/bootstrappolicy, as of the 1.32/1.33 tree) and written here as data of ours:
/// cluster-admin for <c>system:masters</c>; admin, edit and view as aggregated roles with the
/// <c>system:aggregate-to-*</c> roles that fill them; system:basic-user and system:discovery for every
/// authenticated user; system:public-info-viewer for everyone (anonymous included); system:monitoring. The roles of
/// nodes, controllers and add-ons are not here: this server runs none of them.
/// </summary>
internal static class BootstrapPolicy
{
    public const string AggregateToAdmin = "rbac.authorization.k8s.io/aggregate-to-admin";
    public const string AggregateToEdit = "rbac.authorization.k8s.io/aggregate-to-edit";
    public const string AggregateToView = "rbac.authorization.k8s.io/aggregate-to-view";

    private const string Core = "";
    private static readonly string[] Read = ["get", "list", "watch"];
    private static readonly string[] Write = ["create", "delete", "deletecollection", "patch", "update"];
    private static readonly string[] ReadWrite = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    /// <summary>The ClusterRoles, as API objects.</summary>
    public static IReadOnlyList<JsonObject> ClusterRoles() =>
    [
        Role("cluster-admin", [Rule(["*"], ["*"], ["*"]), Urls(["*"], ["*"])]),
        Aggregated("admin", AggregateToAdmin),
        Aggregated("edit", AggregateToEdit, label: AggregateToAdmin),
        Aggregated("view", AggregateToView, label: AggregateToEdit),
        Role("system:aggregate-to-admin", [
            Rule(["create"], ["authorization.k8s.io"], ["localsubjectaccessreviews"]),
            Rule(ReadWrite, ["rbac.authorization.k8s.io"], ["rolebindings", "roles"]),
        ], label: AggregateToAdmin),
        Role("system:aggregate-to-edit", [
            Rule(Read, [Core], ["pods/attach", "pods/exec", "pods/portforward", "pods/proxy", "secrets", "services/proxy"]),
            Rule(["impersonate"], [Core], ["serviceaccounts"]),
            Rule(Write, [Core], ["pods", "pods/attach", "pods/exec", "pods/portforward", "pods/proxy"]),
            Rule(["create"], [Core], ["pods/eviction"]),
            Rule(Write, [Core], ["configmaps", "events", "persistentvolumeclaims", "replicationcontrollers", "replicationcontrollers/scale", "secrets", "serviceaccounts", "services", "services/proxy"]),
            Rule(["create"], [Core], ["serviceaccounts/token"]),
            Rule(Write, ["apps"], ["daemonsets", "deployments", "deployments/rollback", "deployments/scale", "replicasets", "replicasets/scale", "statefulsets", "statefulsets/scale"]),
            Rule(Write, ["autoscaling"], ["horizontalpodautoscalers"]),
            Rule(Write, ["batch"], ["cronjobs", "jobs"]),
            Rule(Write, ["extensions"], ["daemonsets", "deployments", "deployments/rollback", "deployments/scale", "ingresses", "networkpolicies", "replicasets", "replicasets/scale", "replicationcontrollers/scale"]),
            Rule(Write, ["policy"], ["poddisruptionbudgets"]),
            Rule(Write, ["networking.k8s.io"], ["ingresses", "networkpolicies"]),
            Rule(ReadWrite, ["coordination.k8s.io"], ["leases"]),
        ], label: AggregateToEdit),
        Role("system:aggregate-to-view", [
            Rule(Read, [Core], ["configmaps", "endpoints", "persistentvolumeclaims", "persistentvolumeclaims/status", "pods", "replicationcontrollers", "replicationcontrollers/scale", "serviceaccounts", "services", "services/status"]),
            Rule(Read, [Core], ["bindings", "events", "limitranges", "namespaces/status", "pods/log", "pods/status", "replicationcontrollers/status", "resourcequotas", "resourcequotas/status"]),
            Rule(Read, [Core], ["namespaces"]),
            Rule(Read, ["discovery.k8s.io"], ["endpointslices"]),
            Rule(Read, ["apps"], ["controllerrevisions", "daemonsets", "daemonsets/status", "deployments", "deployments/scale", "deployments/status", "replicasets", "replicasets/scale", "replicasets/status", "statefulsets", "statefulsets/scale", "statefulsets/status"]),
            Rule(Read, ["autoscaling"], ["horizontalpodautoscalers", "horizontalpodautoscalers/status"]),
            Rule(Read, ["batch"], ["cronjobs", "cronjobs/status", "jobs", "jobs/status"]),
            Rule(Read, ["extensions"], ["daemonsets", "daemonsets/status", "deployments", "deployments/scale", "deployments/status", "ingresses", "ingresses/status", "networkpolicies", "replicasets", "replicasets/scale", "replicasets/status", "replicationcontrollers/scale"]),
            Rule(Read, ["policy"], ["poddisruptionbudgets", "poddisruptionbudgets/status"]),
            Rule(Read, ["networking.k8s.io"], ["ingresses", "ingresses/status", "networkpolicies"]),
        ], label: AggregateToView),
        Role("system:basic-user", [
            Rule(["create"], ["authorization.k8s.io"], ["selfsubjectaccessreviews", "selfsubjectrulesreviews"]),
            Rule(["create"], ["authentication.k8s.io"], ["selfsubjectreviews"]),
        ]),
        Role("system:discovery", [Urls(["get"], ["/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi", "/openapi/*", "/readyz", "/version", "/version/"])]),
        Role("system:public-info-viewer", [Urls(["get"], ["/healthz", "/livez", "/readyz", "/version", "/version/"])]),
        Role("system:monitoring", [Urls(["get"], ["/healthz", "/healthz/*", "/livez", "/livez/*", "/metrics", "/metrics/slis", "/readyz", "/readyz/*"])]),
    ];

    /// <summary>The ClusterRoleBindings, as API objects.</summary>
    public static IReadOnlyList<JsonObject> ClusterRoleBindings() =>
    [
        Binding("cluster-admin", "system:masters"),
        Binding("system:basic-user", Authentication.UserInfo.Authenticated),
        Binding("system:discovery", Authentication.UserInfo.Authenticated),
        Binding("system:public-info-viewer", Authentication.UserInfo.Authenticated, Authentication.UserInfo.Unauthenticated),
        Binding("system:monitoring", "system:monitoring"),
    ];

    private static PolicyRule Rule(string[] verbs, string[] groups, string[] resources) => new() { Verbs = verbs, ApiGroups = groups, Resources = resources };

    private static PolicyRule Urls(string[] verbs, string[] urls) => new() { Verbs = verbs, NonResourceUrls = urls };

    private static JsonObject Role(string name, PolicyRule[] rules, string? label = null)
    {
        var role = Object("ClusterRole", name, label);
        role["rules"] = new JsonArray([.. rules.Select(r => (JsonNode)r.ToJson())]);
        return role;
    }

    private static JsonObject Aggregated(string name, string selectorLabel, string? label = null)
    {
        var role = Object("ClusterRole", name, label);
        role["aggregationRule"] = new JsonObject
        {
            ["clusterRoleSelectors"] = new JsonArray(new JsonObject { ["matchLabels"] = new JsonObject { [selectorLabel] = "true" } }),
        };
        role["rules"] = new JsonArray();
        return role;
    }

    private static JsonObject Binding(string role, params string[] groups)
    {
        var binding = Object("ClusterRoleBinding", role, null);
        binding["roleRef"] = new JsonObject { ["apiGroup"] = RbacPolicy.Group, ["kind"] = "ClusterRole", ["name"] = role };
        binding["subjects"] = new JsonArray([.. groups.Select(g => (JsonNode)new JsonObject { ["apiGroup"] = RbacPolicy.Group, ["kind"] = "Group", ["name"] = g })]);
        return binding;
    }

    private static JsonObject Object(string kind, string name, string? label)
    {
        var labels = new JsonObject { ["kubernetes.io/bootstrapping"] = "rbac-defaults" };
        if (label is not null)
        {
            labels[label] = "true";
        }

        return new JsonObject
        {
            ["apiVersion"] = $"{RbacPolicy.Group}/v1",
            ["kind"] = kind,
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["labels"] = labels,
                ["annotations"] = new JsonObject { ["rbac.authorization.kubernetes.io/autoupdate"] = "true" },
            },
        };
    }
}
