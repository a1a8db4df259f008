using TenantOperator.LocalApiServer.Tests.Support;

namespace TenantOperator.LocalApiServer.Tests;

/// <summary>Issue 4 §4: finalizers, ownerReference garbage collection with each propagation policy, namespace deletion.</summary>
public sealed class DeletionTests : IAsyncLifetime
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";
    private ApiServerHarness _h = null!;

    public async Task InitializeAsync() => _h = await ApiServerHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Delete_WithoutFinalizers_RemovesAndAnswersStatusSuccess()
    {
        await _h.PostAsync(ConfigMaps, Manifests.ConfigMap("cm"));
        var (code, status, _) = await _h.DeleteAsync(ConfigMaps + "/cm");
        Assert.Equal(200, code);
        Assert.Equal("Success", (string?)status["status"]);
        Assert.Equal("cm", (string?)status["details"]!["name"]);
        Assert.Equal(404, (await _h.GetAsync(ConfigMaps + "/cm")).Code);
        Assert.Equal(404, (await _h.DeleteAsync(ConfigMaps + "/cm")).Code);
    }

    [Fact]
    public async Task Delete_WithFinalizer_SetsDeletionTimestampUntilTheFinalizerIsRemoved()
    {
        await _h.PostAsync(ConfigMaps, Manifests.ConfigMap("cm", extraMetadata: ",\"finalizers\":[\"example.com/hold\"]"));
        var (code, obj, _) = await _h.DeleteAsync(ConfigMaps + "/cm");
        Assert.Equal(202, code);
        Assert.NotNull(obj["metadata"]!["deletionTimestamp"]);
        var held = (await _h.GetAsync(ConfigMaps + "/cm")).Body;
        Assert.NotNull(held["metadata"]!["deletionTimestamp"]);
        var (forbidden, status, _) = await _h.PatchAsync(ConfigMaps + "/cm", """{"metadata":{"finalizers":["example.com/hold","example.com/new"]}}""", "application/merge-patch+json");
        Assert.Equal(422, forbidden);
        Assert.Contains("no new finalizers can be added if the object is being deleted", (string?)status["message"]);
        var released = await _h.PatchAsync(ConfigMaps + "/cm", """{"metadata":{"finalizers":null}}""", "application/merge-patch+json");
        Assert.Equal(200, released.Code);
        Assert.Equal(404, (await _h.GetAsync(ConfigMaps + "/cm")).Code);
    }

    [Fact]
    public async Task Delete_WithStaleUidPrecondition_Is409()
    {
        await _h.PostAsync(ConfigMaps, Manifests.ConfigMap("cm"));
        var (code, status, _) = await _h.DeleteAsync(ConfigMaps + "/cm", """{"kind":"DeleteOptions","apiVersion":"v1","preconditions":{"uid":"not-it"}}""");
        Assert.Equal(409, code);
        Assert.StartsWith("Operation cannot be fulfilled on configmaps \"cm\": Precondition failed: UID in precondition: not-it", (string?)status["message"]);
    }

    [Fact]
    public async Task BackgroundDeletion_CollectsDependentsAfterwards()
    {
        var owner = (await _h.PostAsync(ConfigMaps, Manifests.ConfigMap("owner"))).Body;
        var uid = (string)owner["metadata"]!["uid"]!;
        await _h.PostAsync(Manifests.NetpolIn("default"), Manifests.NetworkPolicy("dep", extraMetadata: Manifests.OwnerRef("ConfigMap", "owner", uid)));
        Assert.Equal(200, (await _h.DeleteAsync(ConfigMaps + "/owner")).Code);
        await Eventually.TrueAsync(async () => (await _h.GetAsync(Manifests.NetpolIn("default") + "/dep")).Code == 404, "dependent collected");
    }

    [Fact]
    public async Task ForegroundDeletion_KeepsTheOwnerUntilBlockingDependentsAreGone()
    {
        var owner = (await _h.PostAsync(ConfigMaps, Manifests.ConfigMap("owner"))).Body;
        var uid = (string)owner["metadata"]!["uid"]!;
        var hold = ",\"finalizers\":[\"example.com/hold\"]" + Manifests.OwnerRef("ConfigMap", "owner", uid, block: true);
        await _h.PostAsync(Manifests.NetpolIn("default"), Manifests.NetworkPolicy("dep", extraMetadata: hold));
        var (code, deleting, _) = await _h.DeleteAsync(ConfigMaps + "/owner", """{"propagationPolicy":"Foreground"}""");
        Assert.Equal(202, code);
        Assert.Contains("foregroundDeletion", deleting["metadata"]!["finalizers"]!.AsArray().Select(f => (string?)f));
        await Eventually.TrueAsync(async () => (await _h.GetAsync(Manifests.NetpolIn("default") + "/dep")).Body["metadata"]?["deletionTimestamp"] is not null, "dependent is being deleted");
        Assert.Equal(200, (await _h.GetAsync(ConfigMaps + "/owner")).Code);
        await _h.PatchAsync(Manifests.NetpolIn("default") + "/dep", """{"metadata":{"finalizers":null}}""", "application/merge-patch+json");
        await Eventually.TrueAsync(async () => (await _h.GetAsync(ConfigMaps + "/owner")).Code == 404, "owner deleted once its dependent is gone");
    }

    [Fact]
    public async Task OrphanDeletion_KeepsDependentsAndStripsTheirOwnerReference()
    {
        var owner = (await _h.PostAsync(ConfigMaps, Manifests.ConfigMap("owner"))).Body;
        var uid = (string)owner["metadata"]!["uid"]!;
        await _h.PostAsync(Manifests.NetpolIn("default"), Manifests.NetworkPolicy("dep", extraMetadata: Manifests.OwnerRef("ConfigMap", "owner", uid)));
        await _h.DeleteAsync(ConfigMaps + "/owner?propagationPolicy=Orphan");
        await Eventually.TrueAsync(async () => (await _h.GetAsync(ConfigMaps + "/owner")).Code == 404, "owner deleted");
        var dependent = (await _h.GetAsync(Manifests.NetpolIn("default") + "/dep")).Body;
        Assert.Equal("dep", (string?)dependent["metadata"]!["name"]);
        Assert.Null(dependent["metadata"]!["ownerReferences"]);
    }

    [Fact]
    public async Task DependentOfMissingOwner_IsCollected_AndDanglingReferencesAreDropped()
    {
        await _h.PostAsync(Manifests.NetpolIn("default"), Manifests.NetworkPolicy("orphan", extraMetadata: Manifests.OwnerRef("ConfigMap", "gone", "no-such-uid")));
        await Eventually.TrueAsync(async () => (await _h.GetAsync(Manifests.NetpolIn("default") + "/orphan")).Code == 404, "dependent of a missing owner collected");

        var owner = (await _h.PostAsync(ConfigMaps, Manifests.ConfigMap("alive"))).Body;
        var refs = $$""","ownerReferences":[{"apiVersion":"v1","kind":"ConfigMap","name":"alive","uid":"{{(string)owner["metadata"]!["uid"]!}}"},{"apiVersion":"v1","kind":"ConfigMap","name":"gone","uid":"no-such-uid"}]""";
        await _h.PostAsync(Manifests.NetpolIn("default"), Manifests.NetworkPolicy("half", extraMetadata: refs));
        var kept = await Eventually.ReturnsAsync(
            async () => (await _h.GetAsync(Manifests.NetpolIn("default") + "/half")).Body,
            o => o["metadata"]!["ownerReferences"]!.AsArray().Count == 1,
            "dangling reference dropped");
        Assert.Equal("alive", (string?)kept["metadata"]!["ownerReferences"]![0]!["name"]);
    }

    [Fact]
    public async Task NamespaceDeletion_DeletesItsContentThenTheNamespace()
    {
        await _h.PostAsync("/api/v1/namespaces", Manifests.Namespace("doomed"));
        await _h.PostAsync(Manifests.NetpolIn("doomed"), Manifests.NetworkPolicy("a", ns: "doomed"));
        await _h.PostAsync("/api/v1/namespaces/doomed/configmaps", Manifests.ConfigMap("held", "doomed", ",\"finalizers\":[\"example.com/hold\"]"));
        var (code, ns, _) = await _h.DeleteAsync("/api/v1/namespaces/doomed");
        Assert.Equal(202, code);
        Assert.Equal("Terminating", (string?)ns["status"]!["phase"]);
        await Eventually.TrueAsync(async () => (await _h.GetAsync(Manifests.NetpolIn("doomed") + "/a")).Code == 404, "content deleted");
        Assert.Equal(200, (await _h.GetAsync("/api/v1/namespaces/doomed")).Code);
        await _h.PatchAsync("/api/v1/namespaces/doomed/configmaps/held", """{"metadata":{"finalizers":null}}""", "application/merge-patch+json");
        await Eventually.TrueAsync(async () => (await _h.GetAsync("/api/v1/namespaces/doomed")).Code == 404, "namespace gone once empty");
    }

    [Fact]
    public async Task DeleteCollection_DeletesWhatTheSelectorMatches()
    {
        await _h.PostAsync(ConfigMaps, Manifests.ConfigMap("a", extraMetadata: ",\"labels\":{\"team\":\"x\"}"));
        await _h.PostAsync(ConfigMaps, Manifests.ConfigMap("b", extraMetadata: ",\"labels\":{\"team\":\"y\"}"));
        var (code, list, _) = await _h.DeleteAsync(ConfigMaps + "?labelSelector=team%3Dx");
        Assert.Equal(200, code);
        Assert.Equal("ConfigMapList", (string?)list["kind"]);
        Assert.Equal(["a"], list["items"]!.AsArray().Select(i => (string?)i!["metadata"]!["name"]));
        var left = (await _h.GetAsync(ConfigMaps)).Body["items"]!.AsArray().Select(i => (string?)i!["metadata"]!["name"]);
        Assert.Equal(["b"], left);
    }

    [Fact]
    public async Task Delete_DryRun_KeepsTheObject()
    {
        await _h.PostAsync(ConfigMaps, Manifests.ConfigMap("cm"));
        Assert.Equal(200, (await _h.DeleteAsync(ConfigMaps + "/cm?dryRun=All")).Code);
        Assert.Equal(200, (await _h.GetAsync(ConfigMaps + "/cm")).Code);
    }
}
