using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using TenantOperator.LocalApiServer.Authentication;
using TenantOperator.LocalApiServer.Authorization;
using TenantOperator.LocalApiServer.Storage;

namespace TenantOperator.Benchmarks.LocalApiServer;

/// <summary>
/// The cost of one RBAC decision in the LocalApiServer, for the requests the operator makes, on a cluster with the
/// default roles, config/rbac's roles and bindings, and <see cref="TenantNamespaces"/> namespaces that each bind
/// <c>edit</c> to their team (so a RoleBinding lookup has company). A request to the server costs around 100 µs
/// (docs/local-apiserver.md, Speed); these are the authorization's share.
/// Run: <c>dotnet run -c Release --project bench/TenantOperator.Benchmarks -- --filter '*AuthorizationBenchmarks*'</c>.
/// </summary>
[MemoryDiagnoser]
public class AuthorizationBenchmarks
{
    private const string Operator = "tenant-operator";
    private const string OperatorNamespace = "tenant-operator-system";
    private RbacAuthorizer _authorizer = null!;
    private AuthorizationAttributes _createPolicy = null!;
    private AuthorizationAttributes _finalizers = null!;
    private AuthorizationAttributes _lease = null!;
    private AuthorizationAttributes _secrets = null!;

    /// <summary>Namespaces with a RoleBinding each.</summary>
    [Params(10_000)]
    public int TenantNamespaces { get; set; }

    [GlobalSetup]
    public void SetUp()
    {
        var store = new ObjectStore(10_000);
        foreach (var role in BootstrapPolicy.ClusterRoles())
        {
            Add(store, RbacPolicy.ClusterRolesKey, role);
        }

        foreach (var binding in BootstrapPolicy.ClusterRoleBindings())
        {
            Add(store, RbacPolicy.ClusterRoleBindingsKey, binding);
        }

        Add(store, RbacPolicy.ClusterRolesKey, Role("ClusterRole", Operator, null, """
            [{"apiGroups":["isolation.tenantoperator.io"],"resources":["tenantisolations"],"verbs":["list","watch"]},
             {"apiGroups":["isolation.tenantoperator.io"],"resources":["tenantisolations/status"],"verbs":["update"]},
             {"apiGroups":["isolation.tenantoperator.io"],"resources":["tenantisolations/finalizers"],"verbs":["update"]},
             {"apiGroups":[""],"resources":["namespaces"],"verbs":["list","watch"]},
             {"apiGroups":["networking.k8s.io"],"resources":["networkpolicies"],"verbs":["list","watch","create","update","delete"]},
             {"apiGroups":[""],"resources":["events"],"verbs":["create","patch"]}]
            """));
        Add(store, RbacPolicy.ClusterRoleBindingsKey, Binding("ClusterRoleBinding", Operator, null, "ClusterRole", Operator, ServiceAccount()));
        Add(store, RbacPolicy.RolesKey, Role("Role", "leader-election", OperatorNamespace, """[{"apiGroups":["coordination.k8s.io"],"resources":["leases"],"verbs":["get","create","update"]}]"""));
        Add(store, RbacPolicy.RoleBindingsKey, Binding("RoleBinding", "leader-election", OperatorNamespace, "Role", "leader-election", ServiceAccount()));
        for (var i = 0; i < TenantNamespaces; i++)
        {
            Add(store, RbacPolicy.RoleBindingsKey, Binding("RoleBinding", "team-edit", $"team-{i}", "ClusterRole", "edit", $$"""[{"kind":"Group","name":"team-{{i}}"}]"""));
        }

        _authorizer = new RbacAuthorizer(new RbacPolicySource(store));
        var user = new UserInfo($"system:serviceaccount:{OperatorNamespace}:{Operator}", "uid", ["system:serviceaccounts", $"system:serviceaccounts:{OperatorNamespace}", UserInfo.Authenticated], new Dictionary<string, IReadOnlyList<string>>());
        _createPolicy = Attributes(user, "create", "networking.k8s.io", "networkpolicies", string.Empty, "team-42", "tenant-isolation-dns");
        _finalizers = Attributes(user, "update", "isolation.tenantoperator.io", "tenantisolations", "finalizers", string.Empty, "team-42");
        _lease = Attributes(user, "update", "coordination.k8s.io", "leases", string.Empty, OperatorNamespace, Operator);
        _secrets = Attributes(user, "list", string.Empty, "secrets", string.Empty, "team-42", string.Empty);
        if (!CreatePolicy() || !Finalizers() || !Lease() || Secrets())
        {
            throw new InvalidOperationException("the benchmark's policy does not decide as config/rbac does");
        }
    }

    /// <summary>A policy create: allowed by the ClusterRoleBinding's fifth rule.</summary>
    [Benchmark(Baseline = true)]
    public bool CreatePolicy() => _authorizer.Authorize(_createPolicy).Allowed;

    /// <summary>The admission check of the policy's owner reference.</summary>
    [Benchmark]
    public bool Finalizers() => _authorizer.Authorize(_finalizers).Allowed;

    /// <summary>A lease renewal: allowed by a RoleBinding, after every ClusterRoleBinding was tried.</summary>
    [Benchmark]
    public bool Lease() => _authorizer.Authorize(_lease).Allowed;

    /// <summary>A denial: every binding that applies is tried.</summary>
    [Benchmark]
    public bool Secrets() => _authorizer.Authorize(_secrets).Allowed;

    private static AuthorizationAttributes Attributes(UserInfo user, string verb, string group, string resource, string subresource, string ns, string name) => new()
    {
        User = user, Verb = verb, IsResourceRequest = true, ApiGroup = group, ApiVersion = "v1", Resource = resource, Subresource = subresource, Namespace = ns, Name = name,
    };

    private static string ServiceAccount() => $$"""[{"kind":"ServiceAccount","name":"{{Operator}}","namespace":"{{OperatorNamespace}}"}]""";

    private static JsonObject Role(string kind, string name, string? ns, string rules) =>
        JsonNode.Parse($$"""{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"{{kind}}","metadata":{{Metadata(name, ns)}},"rules":{{rules}} }""")!.AsObject();

    private static JsonObject Binding(string kind, string name, string? ns, string roleKind, string roleName, string subjects) =>
        JsonNode.Parse($$"""{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"{{kind}}","metadata":{{Metadata(name, ns)}},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"{{roleKind}}","name":"{{roleName}}"},"subjects":{{subjects}} }""")!.AsObject();

    private static string Metadata(string name, string? ns) =>
        ns is null ? $$"""{"name":"{{name}}","uid":"{{Guid.NewGuid()}}"}""" : $$"""{"name":"{{name}}","namespace":"{{ns}}","uid":"{{Guid.NewGuid()}}"}""";

    private static void Add(ObjectStore store, string storageKey, JsonObject obj)
    {
        var metadata = obj["metadata"]!.AsObject();
        metadata["uid"] ??= Guid.NewGuid().ToString();
        store.Create(storageKey, obj, dryRun: false);
    }
}
