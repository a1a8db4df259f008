using TenantOperator.LocalApiServer.Tests.Support;

namespace TenantOperator.LocalApiServer.Tests;

public sealed class DiscoveryTests : IAsyncLifetime
{
    private ApiServerHarness _h = null!;

    public async Task InitializeAsync() => _h = await ApiServerHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Version_ReportsKubernetes132()
    {
        var (code, body, _) = await _h.GetAsync("/version");
        Assert.Equal(200, code);
        Assert.Equal("1", (string?)body["major"]);
        Assert.Equal("32", (string?)body["minor"]);
    }

    [Fact]
    public async Task CoreGroup_ListsV1AndItsResourcesWithSubresources()
    {
        Assert.Equal("v1", (string?)(await _h.GetAsync("/api")).Body["versions"]![0]);
        var (code, list, _) = await _h.GetAsync("/api/v1");
        Assert.Equal(200, code);
        Assert.Equal("APIResourceList", (string?)list["kind"]);
        var names = list["resources"]!.AsArray().Select(r => (string?)r!["name"]).ToList();
        Assert.Contains("namespaces", names);
        Assert.Contains("namespaces/status", names);
        Assert.Contains("namespaces/finalize", names);
        Assert.Contains("pods", names);
        Assert.Contains("events", names);
        Assert.Contains("configmaps", names);
        Assert.Contains("serviceaccounts", names);
        var namespaces = list["resources"]!.AsArray().Single(r => (string?)r!["name"] == "namespaces")!;
        Assert.False((bool)namespaces["namespaced"]!);
        Assert.Equal("Namespace", (string?)namespaces["kind"]);
        Assert.Contains("ns", namespaces["shortNames"]!.AsArray().Select(s => (string?)s));
    }

    [Fact]
    public async Task Apis_ListsEveryBuiltInGroup()
    {
        var groups = (await _h.GetAsync("/apis")).Body["groups"]!.AsArray().Select(g => (string?)g!["name"]).ToList();
        Assert.Equal(
            ["apps", "events.k8s.io", "networking.k8s.io", "policy", "scheduling.k8s.io", "coordination.k8s.io", "apiextensions.k8s.io", "rbac.authorization.k8s.io", "admissionregistration.k8s.io"],
            groups);
        var netpol = (await _h.GetAsync("/apis/networking.k8s.io/v1")).Body;
        Assert.Equal("networking.k8s.io/v1", (string?)netpol["groupVersion"]);
        Assert.Equal("NetworkPolicy", (string?)netpol["resources"]![0]!["kind"]);
        Assert.Equal("networking.k8s.io/v1", (string?)(await _h.GetAsync("/apis/networking.k8s.io")).Body["preferredVersion"]!["groupVersion"]);
        Assert.Equal(404, (await _h.GetAsync("/apis/nope.example.com/v1")).Code);
    }

    [Fact]
    public async Task OpenApiV3_PatchOperationsCarryGvkAndFieldValidation()
    {
        var index = (await _h.GetAsync("/openapi/v3")).Body["paths"]!.AsObject();
        Assert.True(index.ContainsKey("api/v1"));
        var url = (string)index["apis/networking.k8s.io/v1"]!["serverRelativeURL"]!;
        Assert.Contains("?hash=", url);
        var doc = (await _h.GetAsync(url)).Body;
        var patch = doc["paths"]!["/apis/networking.k8s.io/v1/namespaces/{namespace}/networkpolicies/{name}"]!["patch"]!;
        Assert.Equal("NetworkPolicy", (string?)patch["x-kubernetes-group-version-kind"]!["kind"]);
        Assert.Contains("fieldValidation", patch["parameters"]!.AsArray().Select(p => (string?)p!["name"]));
        var schema = doc["components"]!["schemas"]!["io.k8s.networking.v1.NetworkPolicy"]!;
        Assert.Equal("NetworkPolicy", (string?)schema["x-kubernetes-group-version-kind"]![0]!["kind"]);
    }

    [Fact]
    public async Task OpenApiV2_IsAMinimalProtobufDocument()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v2");
        request.Headers.TryAddWithoutValidation("Accept", "application/com.github.proto-openapi.spec.v2@v1.0+protobuf");
        var response = await _h.Http.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(0x0a, bytes[0]);
        Assert.Equal("2.0", System.Text.Encoding.ASCII.GetString(bytes, 2, 3));
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    [InlineData("/livez")]
    public async Task HealthEndpoints_AnswerOk(string path)
    {
        var response = await _h.Http.GetAsync(path);
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task UnknownPath_IsNotFoundStatus()
    {
        var (code, body, _) = await _h.GetAsync("/apis/networking.k8s.io/v1/widgets");
        Assert.Equal(404, code);
        Assert.Equal("Status", (string?)body["kind"]);
        Assert.Equal("NotFound", (string?)body["reason"]);
    }

    [Fact]
    public async Task FreshServer_HasTheStandardNamespacesWithTheirNameLabel()
    {
        var list = (await _h.GetAsync("/api/v1/namespaces")).Body["items"]!.AsArray();
        var names = list.Select(n => (string?)n!["metadata"]!["name"]).ToList();
        Assert.Equal(["default", "kube-node-lease", "kube-public", "kube-system"], names);
        Assert.All(list, n => Assert.Equal((string?)n!["metadata"]!["name"], (string?)n["metadata"]!["labels"]!["kubernetes.io/metadata.name"]));
        Assert.All(list, n => Assert.Equal("Active", (string?)n!["status"]!["phase"]));
    }

    [Fact]
    public async Task CreatingACrd_ServesItsResourceInDiscoveryAndOpenApi()
    {
        await Manifests.InstallTenantCrdAsync(_h);
        var resources = (await _h.GetAsync("/apis/isolation.tenantoperator.io/v1alpha1")).Body["resources"]!.AsArray();
        var ti = resources.Single(r => (string?)r!["name"] == "tenantisolations")!;
        Assert.False((bool)ti["namespaced"]!);
        Assert.Equal("ti", (string?)ti["shortNames"]![0]);
        Assert.Contains(resources, r => (string?)r!["name"] == "tenantisolations/status");
        var index = (await _h.GetAsync("/openapi/v3")).Body["paths"]!.AsObject();
        var doc = (await _h.GetAsync((string)index["apis/isolation.tenantoperator.io/v1alpha1"]!["serverRelativeURL"]!)).Body;
        var schema = doc["components"]!["schemas"]!["io.tenantoperator.isolation.v1alpha1.TenantIsolation"]!;
        Assert.NotNull(schema["properties"]!["spec"]!["properties"]!["mode"]);
    }
}
