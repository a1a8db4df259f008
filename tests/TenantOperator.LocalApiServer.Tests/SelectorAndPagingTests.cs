using TenantOperator.LocalApiServer.Tests.Support;

namespace TenantOperator.LocalApiServer.Tests;

/// <summary>Issue 4 §5: label and field selectors, limit and continue.</summary>
public sealed class SelectorAndPagingTests : IAsyncLifetime
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";
    private ApiServerHarness _h = null!;

    public async Task InitializeAsync()
    {
        _h = await ApiServerHarness.StartAsync();
        await _h.PostAsync(ConfigMaps, Manifests.ConfigMap("a", extraMetadata: ",\"labels\":{\"tier\":\"web\",\"env\":\"prod\"}"));
        await _h.PostAsync(ConfigMaps, Manifests.ConfigMap("b", extraMetadata: ",\"labels\":{\"tier\":\"api\"}"));
        await _h.PostAsync(ConfigMaps, Manifests.ConfigMap("c", extraMetadata: ",\"labels\":{\"tier\":\"db\",\"env\":\"dev\"}"));
        await _h.PostAsync(ConfigMaps, Manifests.ConfigMap("d"));
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private async Task<List<string?>> NamesAsync(string query) =>
        [.. (await _h.GetAsync(ConfigMaps + query)).Body["items"]!.AsArray().Select(i => (string?)i!["metadata"]!["name"])];

    [Theory]
    [InlineData("tier=web", "a")]
    [InlineData("tier==web", "a")]
    [InlineData("tier!=web", "b,c,d")]
    [InlineData("tier in (web,api)", "a,b")]
    [InlineData("tier notin (web,api)", "c,d")]
    [InlineData("env", "a,c")]
    [InlineData("!env", "b,d")]
    [InlineData("tier,env!=dev", "a,b")]
    public async Task LabelSelector_SupportsEveryOperator(string selector, string expected)
    {
        Assert.Equal(expected.Split(','), await NamesAsync("?labelSelector=" + Uri.EscapeDataString(selector)));
    }

    [Fact]
    public async Task InvalidLabelSelector_Is400()
    {
        var (code, status, _) = await _h.GetAsync(ConfigMaps + "?labelSelector=" + Uri.EscapeDataString("tier in web"));
        Assert.Equal(400, code);
        Assert.Equal("BadRequest", (string?)status["reason"]);
        Assert.StartsWith("unable to parse requirement", (string?)status["message"]);
    }

    [Fact]
    public async Task FieldSelector_OnNameAndNamespace()
    {
        Assert.Equal(["b"], await NamesAsync("?fieldSelector=metadata.name%3Db"));
        Assert.Equal(["a", "c", "d"], await NamesAsync("?fieldSelector=metadata.name!%3Db"));
        var all = (await _h.GetAsync("/api/v1/configmaps?fieldSelector=metadata.namespace%3Ddefault")).Body["items"]!.AsArray();
        Assert.Equal(4, all.Count);
    }

    [Fact]
    public async Task UnsupportedFieldSelector_Is400()
    {
        var (code, status, _) = await _h.GetAsync(ConfigMaps + "?fieldSelector=data.k%3Dv");
        Assert.Equal(400, code);
        Assert.Equal("field label not supported: data.k", (string?)status["message"]);
    }

    [Fact]
    public async Task EventFieldSelectors_MatchInvolvedObject_AcrossBothEventApis()
    {
        var core = """{"apiVersion":"v1","kind":"Event","metadata":{"name":"e1","namespace":"default"},"involvedObject":{"kind":"TenantIsolation","name":"team-a","uid":"u1"},"reason":"Reconciled","message":"ok","type":"Normal"}""";
        var eventsV1 = """{"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"e2","namespace":"default"},"eventTime":"2025-01-01T00:00:00.000000Z","regarding":{"kind":"TenantIsolation","name":"team-b","uid":"u2"},"reason":"DriftRepaired","note":"fixed","type":"Warning","action":"Repair","reportingController":"tenant-operator","reportingInstance":"x"}""";
        Assert.Equal(201, (await _h.PostAsync("/api/v1/namespaces/default/events", core)).Code);
        Assert.Equal(201, (await _h.PostAsync("/apis/events.k8s.io/v1/namespaces/default/events", eventsV1)).Code);
        var selected = (await _h.GetAsync("/api/v1/events?fieldSelector=" + Uri.EscapeDataString("involvedObject.kind=TenantIsolation,involvedObject.name=team-b"))).Body["items"]!.AsArray();
        var e2 = Assert.Single(selected)!;
        Assert.Equal("fixed", (string?)e2["message"]);
        Assert.Equal("tenant-operator", (string?)e2["reportingComponent"]);
        var viaEventsApi = (await _h.GetAsync("/apis/events.k8s.io/v1/namespaces/default/events/e1")).Body;
        Assert.Equal("team-a", (string?)viaEventsApi["regarding"]!["name"]);
        Assert.Equal("ok", (string?)viaEventsApi["note"]);
        Assert.Equal("events.k8s.io/v1", (string?)viaEventsApi["apiVersion"]);
    }

    [Fact]
    public async Task LimitAndContinue_PageThroughAConsistentSnapshot()
    {
        var first = (await _h.GetAsync(ConfigMaps + "?limit=2")).Body;
        Assert.Equal(["a", "b"], first["items"]!.AsArray().Select(i => (string?)i!["metadata"]!["name"]));
        var token = (string)first["metadata"]!["continue"]!;
        await _h.DeleteAsync(ConfigMaps + "/c");
        await _h.PostAsync(ConfigMaps, Manifests.ConfigMap("e"));
        var second = (await _h.GetAsync(ConfigMaps + "?limit=2&continue=" + Uri.EscapeDataString(token))).Body;
        Assert.Equal(["c", "d"], second["items"]!.AsArray().Select(i => (string?)i!["metadata"]!["name"]));
        Assert.Equal((string?)first["metadata"]!["resourceVersion"], (string?)second["metadata"]!["resourceVersion"]);
        Assert.Null(second["metadata"]!["continue"]);
    }

    [Fact]
    public async Task ContinueAfterCompaction_Is410Expired()
    {
        var token = (string)(await _h.GetAsync(ConfigMaps + "?limit=1")).Body["metadata"]!["continue"]!;
        await _h.PostAsync(ConfigMaps, Manifests.ConfigMap("e"));
        _h.Server.Faults.CompactHistory();
        var (code, status, _) = await _h.GetAsync(ConfigMaps + "?limit=1&continue=" + Uri.EscapeDataString(token));
        Assert.Equal(410, code);
        Assert.Equal("Expired", (string?)status["reason"]);
    }
}
