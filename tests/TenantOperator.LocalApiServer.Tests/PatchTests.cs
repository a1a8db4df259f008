using TenantOperator.LocalApiServer.Tests.Support;

namespace TenantOperator.LocalApiServer.Tests;

/// <summary>Issue 4 §3: merge patch, JSON patch, strategic merge patch with Kubernetes merge keys, 415s.</summary>
public sealed class PatchTests : IAsyncLifetime
{
    private const string Merge = "application/merge-patch+json";
    private const string Json = "application/json-patch+json";
    private const string Strategic = "application/strategic-merge-patch+json";
    private ApiServerHarness _h = null!;

    public async Task InitializeAsync() => _h = await ApiServerHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task MergePatch_MergesMapsAndNullDeletes()
    {
        await _h.PostAsync("/api/v1/namespaces/default/configmaps", Manifests.ConfigMap("cm", extraMetadata: ",\"labels\":{\"a\":\"1\",\"b\":\"2\"}"));
        var (code, obj, _) = await _h.PatchAsync("/api/v1/namespaces/default/configmaps/cm", """{"metadata":{"labels":{"a":null,"c":"3"}},"data":{"k2":"v2"}}""", Merge);
        Assert.Equal(200, code);
        Assert.Equal("""{"b":"2","c":"3"}""", obj["metadata"]!["labels"]!.ToJsonString());
        Assert.Equal("""{"k":"v","k2":"v2"}""", obj["data"]!.ToJsonString());
    }

    [Fact]
    public async Task JsonPatch_AppliesOperationsAndFailedTestIs422()
    {
        await _h.PostAsync("/api/v1/namespaces/default/configmaps", Manifests.ConfigMap("cm"));
        var (code, obj, _) = await _h.PatchAsync("/api/v1/namespaces/default/configmaps/cm", """[{"op":"test","path":"/data/k","value":"v"},{"op":"replace","path":"/data/k","value":"w"},{"op":"add","path":"/data/n","value":"1"},{"op":"remove","path":"/data/n"}]""", Json);
        Assert.Equal(200, code);
        Assert.Equal("""{"k":"w"}""", obj["data"]!.ToJsonString());
        var (failed, status, _) = await _h.PatchAsync("/api/v1/namespaces/default/configmaps/cm", """[{"op":"test","path":"/data/k","value":"nope"}]""", Json);
        Assert.Equal(422, failed);
        Assert.Equal("Status", (string?)status["kind"]);
    }

    [Fact]
    public async Task StrategicMergePatch_MergesOwnerReferencesByUidAndFinalizersAsASet()
    {
        // Real owners, so the garbage collector leaves the dependent alone.
        var uid1 = (string)(await _h.PostAsync("/api/v1/namespaces/default/configmaps", Manifests.ConfigMap("one"))).Body["metadata"]!["uid"]!;
        var uid2 = (string)(await _h.PostAsync("/api/v1/namespaces/default/configmaps", Manifests.ConfigMap("two"))).Body["metadata"]!["uid"]!;
        var extra = ",\"finalizers\":[\"a.io/x\"]" + Manifests.OwnerRef("ConfigMap", "one", uid1);
        await _h.PostAsync("/api/v1/namespaces/default/configmaps", Manifests.ConfigMap("cm", extraMetadata: extra));
        var patch = $$$"""{"metadata":{"finalizers":["b.io/y","a.io/x"],"ownerReferences":[{"apiVersion":"v1","kind":"ConfigMap","name":"two","uid":"{{{uid2}}}"},{"uid":"{{{uid1}}}","name":"renamed"}]}}""";
        var (code, obj, _) = await _h.PatchAsync("/api/v1/namespaces/default/configmaps/cm", patch, Strategic);
        Assert.Equal(200, code);
        Assert.Equal(["a.io/x", "b.io/y"], obj["metadata"]!["finalizers"]!.AsArray().Select(f => (string?)f));
        var refs = obj["metadata"]!["ownerReferences"]!.AsArray();
        Assert.Equal([uid1, uid2], refs.Select(r => (string?)r!["uid"]));
        Assert.Equal("renamed", (string?)refs[0]!["name"]);
        Assert.Equal("ConfigMap", (string?)refs[0]!["kind"]);
        var removed = (await _h.PatchAsync("/api/v1/namespaces/default/configmaps/cm", $$$"""{"metadata":{"$deleteFromPrimitiveList/finalizers":["a.io/x"],"ownerReferences":[{"uid":"{{{uid2}}}","$patch":"delete"}]}}""", Strategic)).Body;
        Assert.Equal(["b.io/y"], removed["metadata"]!["finalizers"]!.AsArray().Select(f => (string?)f));
        Assert.Equal([uid1], removed["metadata"]!["ownerReferences"]!.AsArray().Select(r => (string?)r!["uid"]));
    }

    [Fact]
    public async Task StrategicMergePatch_MergesPodContainersByNameAndEnvByName()
    {
        var pod = """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"default"},"spec":{"containers":[{"name":"app","image":"app:1","env":[{"name":"A","value":"1"}]},{"name":"side","image":"side:1"}]}}""";
        Assert.Equal(201, (await _h.PostAsync("/api/v1/namespaces/default/pods", pod)).Code);
        var patch = """{"spec":{"$setElementOrder/containers":[{"name":"app"},{"name":"side"}],"containers":[{"name":"app","image":"app:2","env":[{"name":"B","value":"2"}]}]}}""";
        var obj = (await _h.PatchAsync("/api/v1/namespaces/default/pods/p", patch, Strategic)).Body;
        var containers = obj["spec"]!["containers"]!.AsArray();
        Assert.Equal(["app", "side"], containers.Select(c => (string?)c!["name"]));
        Assert.Equal("app:2", (string?)containers[0]!["image"]);
        Assert.Equal(["A", "B"], containers[0]!["env"]!.AsArray().Select(e => (string?)e!["name"]));
        Assert.Equal("side:1", (string?)containers[1]!["image"]);
    }

    [Fact]
    public async Task StrategicMergePatch_ReplacesNetworkPolicyListsWhole()
    {
        await _h.PostAsync(Manifests.NetpolIn("default"), Manifests.NetworkPolicy("web"));
        var patch = """{"spec":{"ingress":[{"from":[{"namespaceSelector":{}}]}],"policyTypes":["Ingress","Egress"]}}""";
        var obj = (await _h.PatchAsync(Manifests.NetpolIn("default") + "/web", patch, Strategic)).Body;
        Assert.Equal("""[{"from":[{"namespaceSelector":{}}]}]""", obj["spec"]!["ingress"]!.ToJsonString());
        Assert.Equal("""["Ingress","Egress"]""", obj["spec"]!["policyTypes"]!.ToJsonString());
        Assert.Equal(2, (long)obj["metadata"]!["generation"]!);
    }

    [Fact]
    public async Task StrategicMergePatch_OnCustomResource_Is415()
    {
        await Manifests.InstallTenantCrdAsync(_h);
        await _h.PostAsync(Manifests.TenantPath, Manifests.Tenant("team-a"));
        var (code, status, _) = await _h.PatchAsync(Manifests.TenantPath + "/team-a", """{"spec":{"mode":"DryRun"}}""", Strategic);
        Assert.Equal(415, code);
        Assert.Equal("UnsupportedMediaType", (string?)status["reason"]);
        Assert.Equal("the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json", (string?)status["message"]);
        Assert.Equal(200, (await _h.PatchAsync(Manifests.TenantPath + "/team-a", """{"spec":{"mode":"DryRun"}}""", Merge)).Code);
    }

    [Fact]
    public async Task ApplyPatch_Is415WithAStatus()
    {
        await _h.PostAsync("/api/v1/namespaces/default/configmaps", Manifests.ConfigMap("cm"));
        var (code, status, _) = await _h.PatchAsync("/api/v1/namespaces/default/configmaps/cm?fieldManager=me", "data: {a: b}", "application/apply-patch+yaml");
        Assert.Equal(415, code);
        Assert.Equal("Status", (string?)status["kind"]);
        Assert.Contains("application/strategic-merge-patch+json", (string?)status["message"]);
    }

    [Fact]
    public async Task Patch_WithStaleResourceVersion_Is409AndOnMissingObjectIs404()
    {
        await _h.PostAsync("/api/v1/namespaces/default/configmaps", Manifests.ConfigMap("cm"));
        var (code, status, _) = await _h.PatchAsync("/api/v1/namespaces/default/configmaps/cm", """{"metadata":{"resourceVersion":"1"},"data":{"a":"b"}}""", Merge);
        Assert.Equal(409, code);
        Assert.Equal("Conflict", (string?)status["reason"]);
        Assert.Equal(404, (await _h.PatchAsync("/api/v1/namespaces/default/configmaps/none", "{}", Merge)).Code);
    }

    [Fact]
    public async Task Patch_DryRun_ChangesNothing()
    {
        var created = (await _h.PostAsync("/api/v1/namespaces/default/configmaps", Manifests.ConfigMap("cm"))).Body;
        var (code, obj, _) = await _h.PatchAsync("/api/v1/namespaces/default/configmaps/cm?dryRun=All", """{"data":{"k":"dry"}}""", Merge);
        Assert.Equal(200, code);
        Assert.Equal("dry", (string?)obj["data"]!["k"]);
        var stored = (await _h.GetAsync("/api/v1/namespaces/default/configmaps/cm")).Body;
        Assert.Equal("v", (string?)stored["data"]!["k"]);
        Assert.Equal((string?)created["metadata"]!["resourceVersion"], (string?)stored["metadata"]!["resourceVersion"]);
    }

    [Fact]
    public async Task MalformedPatch_Is400()
    {
        await _h.PostAsync("/api/v1/namespaces/default/configmaps", Manifests.ConfigMap("cm"));
        Assert.Equal(400, (await _h.PatchAsync("/api/v1/namespaces/default/configmaps/cm", "{not json", Merge)).Code);
        Assert.Equal(400, (await _h.PatchAsync("/api/v1/namespaces/default/configmaps/cm", "{}", Json)).Code);
    }
}
