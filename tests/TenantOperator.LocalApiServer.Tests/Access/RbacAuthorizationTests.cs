using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Authorization;
using TenantOperator.LocalApiServer.Tests.Support;
using static TenantOperator.LocalApiServer.Tests.Support.AccessRequests;

namespace TenantOperator.LocalApiServer.Tests.Access;

/// <summary>
/// RBAC over HTTP, as a ServiceAccount with a token from the TokenRequest API: what Roles, ClusterRoles and their
/// bindings grant, where, and the 403 messages kube-apiserver writes otherwise.
/// </summary>
public sealed class RbacAuthorizationTests : IAsyncLifetime
{
    private const string ReadConfigMaps = """[{"apiGroups":[""],"resources":["configmaps"],"verbs":["get","list"]}]""";
    private ApiServerHarness _h = null!;

    public async Task InitializeAsync() => _h = await ApiServerHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task ARoleBinding_GrantsInItsNamespaceOnly()
    {
        var token = await _h.ServiceAccountTokenAsync("a", "reader");
        await _h.CreateIfMissingAsync("/api/v1/namespaces", Manifests.Namespace("b"));
        await _h.GrantInNamespaceAsync("a", "reader", ReadConfigMaps);

        Assert.Equal(200, (await _h.GetAsAsync(token, "/api/v1/namespaces/a/configmaps")).Code);
        var (code, body) = await _h.GetAsAsync(token, "/api/v1/namespaces/b/configmaps");

        Assert.Equal(403, code);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
             "message":"configmaps is forbidden: User \"system:serviceaccount:a:reader\" cannot list resource \"configmaps\" in API group \"\" in the namespace \"b\"",
             "reason":"Forbidden","details":{"kind":"configmaps"},"code":403}
            """), body), body.ToJsonString());
    }

    [Fact]
    public async Task ARoleBindingToAClusterRole_GrantsTheClusterRoleInTheBindingsNamespace()
    {
        var token = await _h.ServiceAccountTokenAsync("a", "reader");
        await _h.CreateAsync($"{RbacPath}/clusterroles", ClusterRole("configmap-reader", ReadConfigMaps));
        await _h.CreateAsync($"{RbacPath}/namespaces/a/rolebindings", RoleBinding("read", "ClusterRole", "configmap-reader", """[{"kind":"ServiceAccount","name":"reader"}]"""));

        Assert.Equal(200, (await _h.GetAsAsync(token, "/api/v1/namespaces/a/configmaps")).Code);
        Assert.Equal(403, (await _h.GetAsAsync(token, "/api/v1/namespaces/default/configmaps")).Code);
        Assert.Equal(403, (await _h.GetAsAsync(token, "/api/v1/configmaps")).Code);
    }

    [Fact]
    public async Task AClusterRoleBinding_GrantsEverywhere_AndAServiceAccountSubjectThereNeedsItsNamespace()
    {
        var token = await _h.ServiceAccountTokenAsync("a", "reader");
        await _h.CreateAsync($"{RbacPath}/clusterroles", ClusterRole("configmap-reader", ReadConfigMaps));
        await _h.CreateAsync($"{RbacPath}/clusterrolebindings", ClusterRoleBinding("no-namespace", "configmap-reader", """[{"kind":"ServiceAccount","name":"reader"}]"""));
        Assert.Equal(403, (await _h.GetAsAsync(token, "/api/v1/configmaps")).Code);

        await _h.CreateAsync($"{RbacPath}/clusterrolebindings", ClusterRoleBinding("with-namespace", "configmap-reader", ServiceAccountSubject("a", "reader")));

        Assert.Equal(200, (await _h.GetAsAsync(token, "/api/v1/configmaps")).Code);
        Assert.Equal(200, (await _h.GetAsAsync(token, "/api/v1/namespaces/default/configmaps")).Code);
    }

    [Fact]
    public async Task GroupSubjects_MatchTheServiceAccountGroups()
    {
        var token = await _h.ServiceAccountTokenAsync("a", "reader");
        await _h.CreateAsync($"{RbacPath}/clusterroles", ClusterRole("configmap-reader", ReadConfigMaps));
        await _h.CreateAsync($"{RbacPath}/clusterrolebindings", ClusterRoleBinding("all-in-a", "configmap-reader", """[{"kind":"Group","name":"system:serviceaccounts:a","apiGroup":"rbac.authorization.k8s.io"}]"""));

        Assert.Equal(200, (await _h.GetAsAsync(token, "/api/v1/configmaps")).Code);
    }

    [Fact]
    public async Task ResourceNames_LimitARuleToNamedObjects()
    {
        var token = await _h.ServiceAccountTokenAsync("a", "reader");
        await _h.CreateAsync("/api/v1/namespaces/a/configmaps", Manifests.ConfigMap("allowed", "a"));
        await _h.CreateAsync("/api/v1/namespaces/a/configmaps", Manifests.ConfigMap("other", "a"));
        await _h.GrantInNamespaceAsync("a", "reader", """[{"apiGroups":[""],"resources":["configmaps"],"resourceNames":["allowed"],"verbs":["get","list"]}]""");

        Assert.Equal(200, (await _h.GetAsAsync(token, "/api/v1/namespaces/a/configmaps/allowed")).Code);
        Assert.Equal(200, (await _h.GetAsAsync(token, "/api/v1/namespaces/a/configmaps?fieldSelector=metadata.name%3Dallowed")).Code);
        Assert.Equal(403, (await _h.GetAsAsync(token, "/api/v1/namespaces/a/configmaps")).Code);
        var (code, body) = await _h.GetAsAsync(token, "/api/v1/namespaces/a/configmaps/other");

        Assert.Equal(403, code);
        Assert.Equal("configmaps \"other\" is forbidden: User \"system:serviceaccount:a:reader\" cannot get resource \"configmaps\" in API group \"\" in the namespace \"a\"", (string?)body["message"]);
        Assert.Equal("""{"name":"other","kind":"configmaps"}""", body["details"]!.ToJsonString());
    }

    [Fact]
    public async Task ASubresourceNeedsARuleOfItsOwn()
    {
        var token = await _h.ServiceAccountTokenAsync("a", "writer");
        await _h.GrantClusterWideAsync("a", "writer", """[{"apiGroups":[""],"resources":["namespaces"],"verbs":["get","update"]}]""");
        var ns = (await _h.GetAsync("/api/v1/namespaces/a")).Body;

        var (code, body) = await _h.SendAsAsync(token, HttpMethod.Put, "/api/v1/namespaces/a/status", ns.ToJsonString());

        Assert.Equal(403, code);
        Assert.Equal("namespaces \"a\" is forbidden: User \"system:serviceaccount:a:writer\" cannot update resource \"namespaces/status\" in API group \"\" in the namespace \"a\"", (string?)body["message"]);
    }

    [Fact]
    public async Task ABindingToAMissingRole_IsTheReasonOfTheDenial()
    {
        var token = await _h.ServiceAccountTokenAsync("a", "reader");
        await _h.CreateAsync($"{RbacPath}/clusterrolebindings", ClusterRoleBinding("dangling", "ghost", ServiceAccountSubject("a", "reader")));

        var (code, body) = await _h.GetAsAsync(token, "/api/v1/configmaps");

        Assert.Equal(403, code);
        Assert.Equal("configmaps is forbidden: User \"system:serviceaccount:a:reader\" cannot list resource \"configmaps\" in API group \"\" at the cluster scope: RBAC: clusterrole.rbac.authorization.k8s.io \"ghost\" not found", (string?)body["message"]);
    }

    [Fact]
    public async Task EveryAuthenticatedUser_MayDiscoverTheApi_AndAskAboutThemselves()
    {
        var token = await _h.ServiceAccountTokenAsync("a", "nobody");

        Assert.Equal(200, (await _h.GetAsAsync(token, "/api")).Code);
        Assert.Equal(200, (await _h.GetAsAsync(token, "/apis/networking.k8s.io/v1")).Code);
        Assert.Equal(200, (await _h.GetAsAsync(token, "/openapi/v3")).Code);
        Assert.Equal(403, (await _h.GetAsAsync(token, "/metrics")).Code);
        Assert.Equal(201, (await _h.PostAsAsync(token, "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", """{"spec":{"nonResourceAttributes":{"path":"/metrics","verb":"get"}}}""")).Code);
    }

    [Fact]
    public async Task TheDefaultRoles_AreThereAndViewIsAggregatedFromItsParts()
    {
        foreach (var name in new[] { "cluster-admin", "admin", "edit", "view", "system:basic-user", "system:discovery", "system:public-info-viewer" })
        {
            Assert.Equal(200, (await _h.GetAsync($"{RbacPath}/clusterroles/{name}")).Code);
        }

        var view = (await _h.GetAsync($"{RbacPath}/clusterroles/view")).Body;
        var parts = (await _h.GetAsync($"{RbacPath}/clusterroles/system:aggregate-to-view")).Body;
        Assert.True(JsonNode.DeepEquals(parts["rules"], view["rules"]), view["rules"]!.ToJsonString());
        Assert.Equal("""{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"cluster-admin"}""", (await _h.GetAsync($"{RbacPath}/clusterrolebindings/cluster-admin")).Body["roleRef"]!.ToJsonString());
    }

    [Fact]
    public async Task AClusterRoleLabelledAggregateToView_JoinsViewEditAndAdmin()
    {
        const string rule = """{"apiGroups":["example.com"],"resources":["widgets"],"verbs":["get","list","watch"]}""";
        await _h.CreateAsync($"{RbacPath}/clusterroles", ClusterRole("widget-viewer", $"[{rule}]", """{"rbac.authorization.k8s.io/aggregate-to-view":"true"}"""));

        foreach (var aggregated in new[] { "view", "edit", "admin" })
        {
            await Eventually.TrueAsync(
                async () => ((await _h.GetAsync($"{RbacPath}/clusterroles/{aggregated}")).Body["rules"] as JsonArray)!.Any(r => JsonNode.DeepEquals(r, JsonNode.Parse(rule))),
                $"{aggregated} holds the widget rule");
        }

        // And leaves it again when the label goes.
        Assert.Equal(200, (await _h.PatchAsync($"{RbacPath}/clusterroles/widget-viewer", """{"metadata":{"labels":{"rbac.authorization.k8s.io/aggregate-to-view":null}}}""", "application/merge-patch+json")).Code);
        await Eventually.TrueAsync(
            async () => !((await _h.GetAsync($"{RbacPath}/clusterroles/admin")).Body["rules"] as JsonArray)!.Any(r => JsonNode.DeepEquals(r, JsonNode.Parse(rule))),
            "admin no longer holds the widget rule");
    }

    [Fact]
    public async Task WithAuthorizationOff_EveryoneMayDoEverything_ButBadTokensStill401()
    {
        await using var open = await ApiServerHarness.StartAsync(authorization: AuthorizationMode.AlwaysAllow);
        var token = await open.ServiceAccountTokenAsync("a", "nobody");

        Assert.Equal(200, (await open.GetAsAsync(token, "/api/v1/secrets")).Code);
        Assert.Equal(200, (await open.GetAsAsync(string.Empty, "/api/v1/secrets")).Code);
        Assert.Equal(401, (await open.GetAsAsync("bad-token", "/api/v1/secrets")).Code);
    }

    [Fact]
    public async Task TheAuthorizationLog_RecordsDenialsAndTheRulesThatAllowed()
    {
        var token = await _h.ServiceAccountTokenAsync("a", "reader");
        await _h.GrantInNamespaceAsync("a", "reader", ReadConfigMaps);
        _h.Server.Authorization.Clear();

        await _h.GetAsAsync(token, "/api/v1/namespaces/a/configmaps");
        await _h.GetAsAsync(token, "/api/v1/namespaces/a/secrets");

        var use = Assert.Single(_h.Server.Authorization.RuleUses, u => u.User == "system:serviceaccount:a:reader");
        Assert.Equal(new RuleUse("system:serviceaccount:a:reader", "RoleBinding", "a", "reader", "Role", "a", "reader", 0, "list", "", "configmaps", ""), use);
        var denial = Assert.Single(_h.Server.Authorization.Denials);
        Assert.Equal(("list", "secrets", "a"), (denial.Verb, denial.Resource, denial.Namespace));
        Assert.StartsWith("secrets is forbidden: User \"system:serviceaccount:a:reader\"", denial.Message, StringComparison.Ordinal);
    }
}
