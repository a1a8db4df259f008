using TenantOperator.LocalApiServer.Tests.Support;

namespace TenantOperator.LocalApiServer.Tests.Access;

/// <summary>
/// The OwnerReferencesPermissionEnforcement admission plugin: blocking an owner's deletion needs <c>update</c> on the
/// owner's <c>finalizers</c> (namespaced owners in the object's namespace, cluster-scoped ones at the cluster scope);
/// changing an object's owners needs <c>delete</c> on the object.
/// </summary>
public sealed class OwnerReferencesAdmissionTests : IAsyncLifetime
{
    private const string WriteConfigMaps = """{"apiGroups":[""],"resources":["configmaps"],"verbs":["get","create","update"]}""";
    private ApiServerHarness _h = null!;
    private string _token = string.Empty;
    private string _ownerUid = string.Empty;

    public async Task InitializeAsync()
    {
        _h = await ApiServerHarness.StartAsync();
        _token = await _h.ServiceAccountTokenAsync("a", "writer");
        _ownerUid = (string)(await _h.CreateAsync("/api/v1/namespaces/a/configmaps", Manifests.ConfigMap("owner", "a")))["metadata"]!["uid"]!;
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task BlockOwnerDeletion_NeedsUpdateOnTheOwnersFinalizers()
    {
        await _h.GrantInNamespaceAsync("a", "writer", $"[{WriteConfigMaps}]");

        var (code, body) = await _h.PostAsAsync(_token, "/api/v1/namespaces/a/configmaps", Manifests.ConfigMap("dependent", "a", Manifests.OwnerRef("ConfigMap", "owner", _ownerUid, block: true)));

        Assert.Equal(403, code);
        Assert.Equal("configmaps \"dependent\" is forbidden: cannot set blockOwnerDeletion if an ownerReference refers to a resource you can't set finalizers on: , <nil>", (string?)body["message"]);
        Assert.Contains(_h.Server.Authorization.Denials, d => d.Message == (string?)body["message"]);
    }

    [Fact]
    public async Task BlockOwnerDeletion_IsAllowedWithTheFinalizersRule()
    {
        await _h.GrantInNamespaceAsync("a", "writer", $$"""[{{WriteConfigMaps}},{"apiGroups":[""],"resources":["configmaps/finalizers"],"verbs":["update"]}]""");

        var (code, body) = await _h.PostAsAsync(_token, "/api/v1/namespaces/a/configmaps", Manifests.ConfigMap("dependent", "a", Manifests.OwnerRef("ConfigMap", "owner", _ownerUid, block: true)));

        Assert.True(code == 201, body.ToJsonString());
    }

    [Fact]
    public async Task AnOwnerThatDoesNotBlock_NeedsNothingMoreOnCreate()
    {
        await _h.GrantInNamespaceAsync("a", "writer", $"[{WriteConfigMaps}]");

        var (code, body) = await _h.PostAsAsync(_token, "/api/v1/namespaces/a/configmaps", Manifests.ConfigMap("dependent", "a", Manifests.OwnerRef("ConfigMap", "owner", _ownerUid)));

        Assert.True(code == 201, body.ToJsonString());
    }

    [Fact]
    public async Task ChangingTheOwners_NeedsDeleteOnTheObject()
    {
        await _h.GrantInNamespaceAsync("a", "writer", $"[{WriteConfigMaps}]");
        var dependent = await _h.CreateAsync("/api/v1/namespaces/a/configmaps", Manifests.ConfigMap("dependent", "a"));
        dependent["metadata"]!["ownerReferences"] = System.Text.Json.Nodes.JsonNode.Parse($$"""[{"apiVersion":"v1","kind":"ConfigMap","name":"owner","uid":"{{_ownerUid}}"}]""");

        var (code, body) = await _h.SendAsAsync(_token, HttpMethod.Put, "/api/v1/namespaces/a/configmaps/dependent", dependent.ToJsonString());

        Assert.Equal(403, code);
        Assert.Equal("configmaps \"dependent\" is forbidden: cannot set an ownerRef on a resource you can't delete: , <nil>", (string?)body["message"]);
    }

    [Fact]
    public async Task AClusterScopedOwner_NeedsItsFinalizersAtTheClusterScope()
    {
        var namespaceUid = (string)(await _h.GetAsync("/api/v1/namespaces/a")).Body["metadata"]!["uid"]!;
        await _h.GrantInNamespaceAsync("a", "writer", $$"""[{{WriteConfigMaps}},{"apiGroups":[""],"resources":["namespaces/finalizers"],"verbs":["update"]}]""");
        var dependent = Manifests.ConfigMap("dependent", "a", Manifests.OwnerRef("Namespace", "a", namespaceUid, block: true));

        Assert.Equal(403, (await _h.PostAsAsync(_token, "/api/v1/namespaces/a/configmaps", dependent)).Code);

        await _h.GrantClusterWideAsync("a", "writer", """[{"apiGroups":[""],"resources":["namespaces/finalizers"],"verbs":["update"]}]""");
        Assert.Equal(201, (await _h.PostAsAsync(_token, "/api/v1/namespaces/a/configmaps", dependent)).Code);
    }

    [Fact]
    public async Task AnOwnerOfAnUnknownKind_IsForbiddenNamingTheMissingMapping()
    {
        await _h.GrantInNamespaceAsync("a", "writer", $"[{WriteConfigMaps}]");
        const string owner = ""","ownerReferences":[{"apiVersion":"example.com/v1","kind":"Widget","name":"w","uid":"1","blockOwnerDeletion":true}]""";

        var (code, body) = await _h.PostAsAsync(_token, "/api/v1/namespaces/a/configmaps", Manifests.ConfigMap("dependent", "a", owner));

        Assert.Equal(403, code);
        Assert.Equal("configmaps \"dependent\" is forbidden: cannot set blockOwnerDeletion in this case because cannot find RESTMapping for APIVersion example.com/v1 Kind Widget: no matches for kind \"Widget\" in version \"example.com/v1\"", (string?)body["message"]);
    }

    [Fact]
    public async Task WithThePluginOff_BlockingNeedsNothingMore()
    {
        await using var lenient = await ApiServerHarness.StartAsync(ownerReferencesPermissionEnforcement: false);
        var token = await lenient.ServiceAccountTokenAsync("a", "writer");
        await lenient.GrantInNamespaceAsync("a", "writer", $"[{WriteConfigMaps}]");
        var ownerUid = (string)(await lenient.CreateAsync("/api/v1/namespaces/a/configmaps", Manifests.ConfigMap("owner", "a")))["metadata"]!["uid"]!;

        var (code, body) = await lenient.PostAsAsync(token, "/api/v1/namespaces/a/configmaps", Manifests.ConfigMap("dependent", "a", Manifests.OwnerRef("ConfigMap", "owner", ownerUid, block: true)));

        Assert.True(code == 201, body.ToJsonString());
    }
}
