using TenantOperator.LocalApiServer.Tests.Support;
using static TenantOperator.LocalApiServer.Tests.Support.AccessRequests;

namespace TenantOperator.LocalApiServer.Tests.Access;

/// <summary>
/// RBAC's escalation prevention: a user who may write roles and bindings still cannot grant what they do not hold,
/// unless they may <c>escalate</c> (roles) or <c>bind</c> (bindings). Messages are kube-apiserver's.
/// </summary>
public sealed class EscalationTests : IAsyncLifetime
{
    private const string ManageRbac = """[{"apiGroups":["rbac.authorization.k8s.io"],"resources":["roles","rolebindings"],"verbs":["create","update","get"]},{"apiGroups":[""],"resources":["configmaps"],"verbs":["get","list"]}]""";
    private const string Groups = "[\"system:serviceaccounts\" \"system:serviceaccounts:a\" \"system:authenticated\"]";
    private ApiServerHarness _h = null!;
    private string _token = string.Empty;

    public async Task InitializeAsync()
    {
        _h = await ApiServerHarness.StartAsync();
        _token = await _h.ServiceAccountTokenAsync("a", "manager");
        await _h.GrantInNamespaceAsync("a", "manager", ManageRbac);
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task ARoleGrantingWhatTheCreatorDoesNotHold_IsForbidden()
    {
        var (code, body) = await _h.PostAsAsync(_token, $"{RbacPath}/namespaces/a/roles",
            Role("secret-reader", """[{"apiGroups":[""],"resources":["secrets","configmaps"],"verbs":["get","list"]}]"""));

        Assert.Equal(403, code);
        Assert.Equal(
            $"roles.rbac.authorization.k8s.io \"secret-reader\" is forbidden: user \"system:serviceaccount:a:manager\" (groups={Groups}) is attempting to grant RBAC permissions not currently held:\n{{APIGroups:[\"\"], Resources:[\"secrets\"], Verbs:[\"get\" \"list\"]}}",
            (string?)body["message"]);
    }

    [Fact]
    public async Task ARoleWithinWhatTheCreatorHolds_IsAllowed()
    {
        var (code, body) = await _h.PostAsAsync(_token, $"{RbacPath}/namespaces/a/roles", Role("configmap-getter", """[{"apiGroups":[""],"resources":["configmaps"],"verbs":["get"]}]"""));

        Assert.True(code == 201, body.ToJsonString());
    }

    [Fact]
    public async Task WithEscalate_ARoleMayGrantMore()
    {
        await _h.GrantInNamespaceAsync("a", "escalator", """[{"apiGroups":["rbac.authorization.k8s.io"],"resources":["roles"],"verbs":["create","escalate"]}]""");
        var token = await _h.ServiceAccountTokenAsync("a", "escalator");

        var (code, body) = await _h.PostAsAsync(token, $"{RbacPath}/namespaces/a/roles", Role("secret-reader", """[{"apiGroups":[""],"resources":["secrets"],"verbs":["get"]}]"""));

        Assert.True(code == 201, body.ToJsonString());
    }

    [Fact]
    public async Task BindingARoleOneDoesNotHold_IsForbidden_UnlessOneMayBindIt()
    {
        await _h.CreateAsync($"{RbacPath}/namespaces/a/roles", Role("secret-reader", """[{"apiGroups":[""],"resources":["secrets"],"verbs":["get"]}]"""));

        var (code, body) = await _h.PostAsAsync(_token, $"{RbacPath}/namespaces/a/rolebindings", RoleBinding("read-secrets", "Role", "secret-reader", ServiceAccountSubject("a", "manager")));

        Assert.Equal(403, code);
        Assert.Equal(
            $"rolebindings.rbac.authorization.k8s.io \"read-secrets\" is forbidden: user \"system:serviceaccount:a:manager\" (groups={Groups}) is attempting to grant RBAC permissions not currently held:\n{{APIGroups:[\"\"], Resources:[\"secrets\"], Verbs:[\"get\"]}}",
            (string?)body["message"]);

        await _h.GrantInNamespaceAsync("a", "binder", """[{"apiGroups":["rbac.authorization.k8s.io"],"resources":["rolebindings"],"verbs":["create"]},{"apiGroups":["rbac.authorization.k8s.io"],"resources":["roles"],"resourceNames":["secret-reader"],"verbs":["bind"]}]""");
        var binder = await _h.ServiceAccountTokenAsync("a", "binder");
        Assert.Equal(201, (await _h.PostAsAsync(binder, $"{RbacPath}/namespaces/a/rolebindings", RoleBinding("read-secrets", "Role", "secret-reader", ServiceAccountSubject("a", "manager")))).Code);
    }

    [Fact]
    public async Task BindingAMissingRole_Is404()
    {
        var (code, body) = await _h.PostAsAsync(_token, $"{RbacPath}/namespaces/a/rolebindings", RoleBinding("dangling", "Role", "ghost", ServiceAccountSubject("a", "manager")));

        Assert.Equal(404, code);
        Assert.Equal("roles.rbac.authorization.k8s.io \"ghost\" not found", (string?)body["message"]);
    }

    [Fact]
    public async Task AnAggregationRule_NeedsEveryPermission()
    {
        await _h.GrantClusterWideAsync("a", "aggregator", """[{"apiGroups":["rbac.authorization.k8s.io"],"resources":["clusterroles"],"verbs":["create"]}]""");
        var token = await _h.ServiceAccountTokenAsync("a", "aggregator");

        var (code, body) = await _h.PostAsAsync(token, $"{RbacPath}/clusterroles",
            """{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":"everything-viewable"},"aggregationRule":{"clusterRoleSelectors":[{"matchLabels":{"x":"y"}}]},"rules":[]}""");

        Assert.Equal(403, code);
        Assert.Equal("clusterroles.rbac.authorization.k8s.io \"everything-viewable\" is forbidden: must have cluster-admin privileges to use the aggregationRule", (string?)body["message"]);
    }

    [Fact]
    public async Task TheAdmin_MayGrantAnything()
    {
        var (code, body, _) = await _h.PostAsync($"{RbacPath}/clusterroles", ClusterRole("anything", """[{"apiGroups":["*"],"resources":["*"],"verbs":["*"]}]"""));

        Assert.True(code == 201, body.ToJsonString());
    }
}
