using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Tests.Support;

namespace TenantOperator.LocalApiServer.Tests;

/// <summary>Issue 4 §2 and §4: CRD registration, custom resources, the status subresource.</summary>
public sealed class CustomResourceTests : IAsyncLifetime
{
    private const string Crds = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
    private ApiServerHarness _h = null!;

    public async Task InitializeAsync()
    {
        _h = await ApiServerHarness.StartAsync();
        await Manifests.InstallTenantCrdAsync(_h);
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task CreatedCrd_IsEstablishedAndCarriesTheCleanupFinalizer()
    {
        var crd = (await _h.GetAsync(Crds + "/tenantisolations.isolation.tenantoperator.io")).Body;
        var conditions = crd["status"]!["conditions"]!.AsArray();
        Assert.Equal("True", (string?)conditions.Single(c => (string?)c!["type"] == "Established")!["status"]);
        Assert.Equal("True", (string?)conditions.Single(c => (string?)c!["type"] == "NamesAccepted")!["status"]);
        Assert.Equal("TenantIsolationList", (string?)crd["status"]!["acceptedNames"]!["listKind"]);
        Assert.Equal(["v1alpha1"], crd["status"]!["storedVersions"]!.AsArray().Select(v => (string?)v));
        Assert.Contains("customresourcecleanup.apiextensions.k8s.io", crd["metadata"]!["finalizers"]!.AsArray().Select(f => (string?)f));
    }

    [Fact]
    public async Task CustomResource_IsClusterScopedWithGenerationAndStatusDroppedOnCreate()
    {
        var body = Manifests.Tenant("team-a").Replace("}}", "},\"status\":{\"namespaceCount\":9}}", StringComparison.Ordinal);
        var (code, obj, _) = await _h.PostAsync(Manifests.TenantPath, body);
        Assert.Equal(201, code);
        Assert.Null(obj["status"]);
        Assert.Null(obj["metadata"]!["namespace"]);
        Assert.Equal(1, (long)obj["metadata"]!["generation"]!);
        Assert.Equal(404, (await _h.PostAsync("/apis/isolation.tenantoperator.io/v1alpha1/namespaces/default/tenantisolations", body)).Code);
    }

    [Fact]
    public async Task StatusSubresource_WritesOnlyStatus_AndMainResourceLeavesStatusAlone()
    {
        var created = (await _h.PostAsync(Manifests.TenantPath, Manifests.Tenant("team-a"))).Body;
        var withStatus = created.DeepClone().AsObject();
        withStatus["status"] = new JsonObject { ["namespaceCount"] = 3 };
        withStatus["spec"]!["mode"] = "DryRun";
        var statusWrite = (await _h.PutAsync(Manifests.TenantPath + "/team-a/status", withStatus.ToJsonString())).Body;
        Assert.Equal(3, (int)statusWrite["status"]!["namespaceCount"]!);
        Assert.Equal("Enforce", (string?)statusWrite["spec"]!["mode"]);
        Assert.Equal(1, (long)statusWrite["metadata"]!["generation"]!);

        var mainWrite = statusWrite.DeepClone().AsObject();
        mainWrite["status"] = new JsonObject { ["namespaceCount"] = 99 };
        mainWrite["spec"]!["mode"] = "DryRun";
        var updated = (await _h.PutAsync(Manifests.TenantPath + "/team-a", mainWrite.ToJsonString())).Body;
        Assert.Equal(3, (int)updated["status"]!["namespaceCount"]!);
        Assert.Equal("DryRun", (string?)updated["spec"]!["mode"]);
        Assert.Equal(2, (long)updated["metadata"]!["generation"]!);

        var patched = (await _h.PatchAsync(Manifests.TenantPath + "/team-a/status", """{"status":{"policyCount":5}}""", "application/merge-patch+json")).Body;
        Assert.Equal(5, (int)patched["status"]!["policyCount"]!);
        Assert.Equal(2, (long)patched["metadata"]!["generation"]!);
    }

    [Fact]
    public async Task CustomResourcePut_WithoutResourceVersion_Is422()
    {
        await _h.PostAsync(Manifests.TenantPath, Manifests.Tenant("team-a"));
        var (code, status, _) = await _h.PutAsync(Manifests.TenantPath + "/team-a", Manifests.Tenant("team-a", "DryRun"));
        Assert.Equal(422, code);
        Assert.Equal("TenantIsolation.isolation.tenantoperator.io \"team-a\" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update", (string?)status["message"]);
    }

    [Fact]
    public async Task CustomResource_WithoutKind_Is400()
    {
        var (code, status, _) = await _h.PostAsync(Manifests.TenantPath, """{"apiVersion":"isolation.tenantoperator.io/v1alpha1","metadata":{"name":"x"}}""");
        Assert.Equal(400, code);
        Assert.StartsWith("Object 'Kind' is missing in", (string?)status["message"]);
    }

    [Fact]
    public async Task DeletingTheCrd_DeletesItsObjectsAndStopsServingIt()
    {
        await _h.PostAsync(Manifests.TenantPath, Manifests.Tenant("team-a"));
        var (code, crd, _) = await _h.DeleteAsync(Crds + "/tenantisolations.isolation.tenantoperator.io");
        Assert.Equal(202, code);
        Assert.NotNull(crd["metadata"]!["deletionTimestamp"]);
        await Eventually.TrueAsync(async () => (await _h.GetAsync(Crds + "/tenantisolations.isolation.tenantoperator.io")).Code == 404, "CRD gone");
        Assert.Equal(404, (await _h.GetAsync(Manifests.TenantPath)).Code);
        Assert.Equal(404, (await _h.GetAsync("/apis/isolation.tenantoperator.io/v1alpha1")).Code);
    }

    [Fact]
    public async Task InvalidCrd_Is422NamingTheFields()
    {
        var body = """{"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"wrong.example.com"},"spec":{"group":"example.com","names":{"plural":"widgets","kind":"Widget"},"scope":"Galaxy","versions":[{"name":"v1","served":true,"storage":false}]}}""";
        var (code, status, _) = await _h.PostAsync(Crds, body);
        Assert.Equal(422, code);
        var fields = status["details"]!["causes"]!.AsArray().Select(c => (string?)c!["field"]).ToList();
        Assert.Contains("metadata.name", fields);
        Assert.Contains("spec.scope", fields);
        Assert.Contains("spec.versions", fields);
        Assert.Contains("spec.versions[0].schema.openAPIV3Schema", fields);
    }
}
