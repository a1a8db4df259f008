using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using TenantOperator.LocalApiServer.Faults;
using TenantOperator.LocalApiServer.Tests.Support;

namespace TenantOperator.LocalApiServer.Tests;

/// <summary>Issue 4 §10 and §11: injected faults and request counters.</summary>
public sealed class FaultAndCounterTests : IAsyncLifetime
{
    private ApiServerHarness _h = null!;

    public async Task InitializeAsync() => _h = await ApiServerHarness.StartAsync(fakeTime: true);

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task FailNext_Answers500ForTheNextMatchingRequestsOnly()
    {
        _h.Server.Faults.FailNext("create", "configmaps", 2, FaultKind.InternalError);
        Assert.Equal(201, (await _h.PostAsync(Manifests.NetpolIn("default"), Manifests.NetworkPolicy("other-resource"))).Code);
        var (code, status, _) = await _h.PostAsync("/api/v1/namespaces/default/configmaps", Manifests.ConfigMap("a"));
        Assert.Equal(500, code);
        Assert.Equal("InternalError", (string?)status["reason"]);
        Assert.Equal(500, (await _h.PostAsync("/api/v1/namespaces/default/configmaps", Manifests.ConfigMap("a"))).Code);
        Assert.Equal(201, (await _h.PostAsync("/api/v1/namespaces/default/configmaps", Manifests.ConfigMap("a"))).Code);
    }

    [Fact]
    public async Task FailNext_TooManyRequests_CarriesRetryAfter()
    {
        _h.Server.Faults.FailNext("list", "*", 1, FaultKind.TooManyRequests, TimeSpan.FromSeconds(3));
        var (code, status, response) = await _h.GetAsync("/api/v1/namespaces");
        Assert.Equal(429, code);
        Assert.Equal("TooManyRequests", (string?)status["reason"]);
        Assert.Equal(3, (int)status["details"]!["retryAfterSeconds"]!);
        Assert.Equal(TimeSpan.FromSeconds(3), response.Headers.RetryAfter!.Delta);
    }

    [Fact]
    public async Task FailNext_Conflict_ReachesKubernetesClientAs409()
    {
        await _h.PostAsync("/api/v1/namespaces/default/configmaps", Manifests.ConfigMap("cm"));
        _h.Server.Faults.FailNext("patch", "configmaps", 1, FaultKind.Conflict);
        var patch = new V1Patch("""{"data":{"x":"y"}}""", V1Patch.PatchType.MergePatch);
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => _h.Client.CoreV1.PatchNamespacedConfigMapAsync(patch, "cm", "default"));
        Assert.Equal(409, (int)error.Response.StatusCode);
        var patched = await _h.Client.CoreV1.PatchNamespacedConfigMapAsync(patch, "cm", "default");
        Assert.Equal("y", patched.Data["x"]);
    }

    [Fact]
    public async Task Delay_HoldsTheAnswerUntilServerTimeAdvances()
    {
        _h.Server.Faults.Delay("get", "namespaces", TimeSpan.FromSeconds(5), count: 1);
        var pending = _h.GetAsync("/api/v1/namespaces/default");

        // The server holds the request on a 5 s timer of its clock; nothing else can answer it before that fires.
        var held = await _h.Time!.WaitForArmedAsync(t => t.DueTime == TimeSpan.FromSeconds(5), "the delayed answer");
        Assert.False(pending.IsCompleted);
        _h.Time.Advance(held.Remaining - TimeSpan.FromTicks(1));
        Assert.False(pending.IsCompleted);
        _h.Time.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(200, (await pending).Code);
    }

    [Fact]
    public async Task SubresourceFaults_MatchOnlyTheSubresource()
    {
        await Manifests.InstallTenantCrdAsync(_h);
        await _h.PostAsync(Manifests.TenantPath, Manifests.Tenant("team-a"));
        _h.Server.Faults.FailNext("patch", "tenantisolations/status", 1, FaultKind.InternalError);
        Assert.Equal(200, (await _h.PatchAsync(Manifests.TenantPath + "/team-a", """{"spec":{"mode":"DryRun"}}""", "application/merge-patch+json")).Code);
        Assert.Equal(500, (await _h.PatchAsync(Manifests.TenantPath + "/team-a/status", """{"status":{"policyCount":1}}""", "application/merge-patch+json")).Code);
    }

    [Fact]
    public async Task Counters_CountByVerbResourceAndCode_InProcessAndAtMetrics()
    {
        _h.Server.Counters.Reset();
        await _h.GetAsync("/api/v1/namespaces/default/configmaps");
        await _h.PostAsync("/api/v1/namespaces/default/configmaps", Manifests.ConfigMap("a"));
        await _h.PostAsync("/api/v1/namespaces/default/configmaps", Manifests.ConfigMap("a"));
        await _h.GetAsync("/api/v1/namespaces/default/configmaps/a");
        Assert.Equal(1, _h.Server.Counters.Count("list", "configmaps"));
        Assert.Equal(1, _h.Server.Counters.Count("create", "configmaps", 201));
        Assert.Equal(1, _h.Server.Counters.Count("create", "configmaps", 409));
        Assert.Equal(2, _h.Server.Counters.Writes("configmaps"));
        Assert.Equal(0, _h.Server.Counters.Writes("networkpolicies"));
        var metrics = await _h.Http.GetStringAsync("/metrics");
        Assert.Contains("apiserver_request_total{verb=\"create\",group=\"\",resource=\"configmaps\",subresource=\"\",code=\"409\"} 1", metrics);
        Assert.Contains("# TYPE apiserver_request_total counter", metrics);
    }

    [Fact]
    public async Task ControllerWrites_AreNotCountedAsRequests()
    {
        var owner = (await _h.PostAsync("/api/v1/namespaces/default/configmaps", Manifests.ConfigMap("owner"))).Body;
        await _h.PostAsync(Manifests.NetpolIn("default"), Manifests.NetworkPolicy("dep", extraMetadata: Manifests.OwnerRef("ConfigMap", "owner", (string)owner["metadata"]!["uid"]!)));
        _h.Server.Counters.Reset();
        await _h.DeleteAsync("/api/v1/namespaces/default/configmaps/owner");
        await Eventually.TrueAsync(async () => (await _h.GetAsync(Manifests.NetpolIn("default") + "/dep")).Code == 404, "dependent collected");
        Assert.Equal(0, _h.Server.Counters.Writes("networkpolicies"));
        Assert.Equal(1, _h.Server.Counters.Writes());
    }

    [Fact]
    public async Task RewriteEveryWrite_ChangesEveryNetworkPolicyOnCreateAndUpdate_AsAMutatingWebhook_UntilCleared()
    {
        _h.Server.Faults.RewriteEveryWrite("networkpolicies", (JsonArray)JsonNode.Parse("""[{"op": "add", "path": "/spec/podSelector/matchLabels", "value": {"mesh": "on"}}]""")!);
        var (code, created, _) = await _h.PostAsync(Manifests.NetpolIn("default"), Manifests.NetworkPolicy("np"));
        Assert.Equal(201, code);
        Assert.Equal("""{"matchLabels":{"mesh":"on"}}""", created["spec"]!["podSelector"]!.ToJsonString());

        // Writing the field back is rewritten to what is stored: the server answers the object unchanged, same resourceVersion.
        created["spec"]!["podSelector"] = new JsonObject();
        var (updateCode, updated, _) = await _h.PutAsync(Manifests.NetpolIn("default") + "/np", created.ToJsonString());
        Assert.Equal(200, updateCode);
        Assert.Equal("""{"matchLabels":{"mesh":"on"}}""", updated["spec"]!["podSelector"]!.ToJsonString());
        Assert.Equal((string?)created["metadata"]!["resourceVersion"], (string?)updated["metadata"]!["resourceVersion"]);

        // Other resources, and subresources, are left alone.
        var (_, configMap, _) = await _h.PostAsync("/api/v1/namespaces/default/configmaps", Manifests.ConfigMap("cm"));
        Assert.Null(configMap["spec"]);

        _h.Server.Faults.Clear();
        updated["spec"]!["podSelector"] = new JsonObject();
        var (_, restored, _) = await _h.PutAsync(Manifests.NetpolIn("default") + "/np", updated.ToJsonString());
        Assert.Equal("{}", restored["spec"]!["podSelector"]!.ToJsonString());
    }

    [Fact]
    public async Task RewriteEveryWrite_IsDefaultedAndValidatedAfterwards_AndAPatchThatDoesNotApplyIs500()
    {
        // A rewritten port without protocol is stored with TCP; one out of range is refused with the field's path.
        _h.Server.Faults.RewriteEveryWrite("networkpolicies", (JsonArray)JsonNode.Parse("""[{"op": "add", "path": "/spec/ingress/0/ports", "value": [{"port": 8443}]}]""")!);
        var (code, created, _) = await _h.PostAsync(Manifests.NetpolIn("default"), Manifests.NetworkPolicy("defaulted"));
        Assert.Equal(201, code);
        Assert.Equal("""[{"protocol":"TCP","port":8443}]""", created["spec"]!["ingress"]![0]!["ports"]!.ToJsonString());

        _h.Server.Faults.Clear();
        _h.Server.Faults.RewriteEveryWrite("networkpolicies", (JsonArray)JsonNode.Parse("""[{"op": "add", "path": "/spec/ingress/0/ports", "value": [{"port": 70000}]}]""")!);
        var (invalidCode, invalid, _) = await _h.PostAsync(Manifests.NetpolIn("default"), Manifests.NetworkPolicy("invalid"));
        Assert.Equal(422, invalidCode);
        Assert.Equal("spec.ingress[0].ports[0].port", (string?)invalid["details"]!["causes"]![0]!["field"]);

        _h.Server.Faults.Clear();
        _h.Server.Faults.RewriteEveryWrite("*", (JsonArray)JsonNode.Parse("""[{"op": "replace", "path": "/spec/missing", "value": 1}]""")!);
        var (failedCode, failed, _) = await _h.PostAsync(Manifests.NetpolIn("default"), Manifests.NetworkPolicy("unpatchable"));
        Assert.Equal(500, failedCode);
        Assert.Equal("InternalError", (string?)failed["reason"]);
    }
}
