using System.Text.Json;
using TenantOperator.LocalApiServer.Tests.Support;

namespace TenantOperator.LocalApiServer.Tests;

/// <summary>The fault that sends watch events no typed client can decode, for the informer tests.</summary>
public sealed class WatchFaultTests : IAsyncLifetime
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";
    private ApiServerHarness _h = null!;

    public async Task InitializeAsync() => _h = await ApiServerHarness.StartAsync(fakeTime: true, historySize: 50);

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task CorruptWatchEvents_SendsTheNamedObjectsNextEventsWithLabelsThatAreNotAMap_AndLeavesTheStoredObjectWhole()
    {
        await using var watch = await RawWatch.OpenAsync(_h.Http, ConfigMaps + "?watch=true");
        await Eventually.TrueAsync(() => Task.FromResult(_h.Server.OpenWatches == 1), "watch registered");
        _h.Server.Faults.CorruptWatchEvents("configmaps", count: 1, name: "b");

        await _h.PostAsync(ConfigMaps, Manifests.ConfigMap("a"));
        await _h.PostAsync(ConfigMaps, Manifests.ConfigMap("b"));
        await _h.PatchAsync(ConfigMaps + "/b", """{"data":{"k":"w"}}""", "application/merge-patch+json");
        var events = await watch.NextAsync(3);

        // a is untouched; b's first event is broken but still names it; the count is spent, so b's next event is whole.
        Assert.Null(events[0]["object"]!["metadata"]!["labels"]);
        var broken = events[1]["object"]!["metadata"]!.AsObject();
        Assert.Equal(("b", "default", JsonValueKind.String), ((string)broken["name"]!, (string)broken["namespace"]!, broken["labels"]!.GetValueKind()));
        Assert.False(string.IsNullOrEmpty((string)broken["resourceVersion"]!));
        Assert.Equal(("MODIFIED", "w"), ((string)events[2]["type"]!, (string)events[2]["object"]!["data"]!["k"]!));
        Assert.NotEqual(JsonValueKind.String, events[2]["object"]!["metadata"]!["labels"]?.GetValueKind());

        var (code, stored, _) = await _h.GetAsync(ConfigMaps + "/b");
        Assert.Equal(200, code);
        Assert.Null(stored["metadata"]!["labels"]);
    }

    [Fact]
    public async Task CorruptWatchEvents_OfAnotherResource_LeavesThisOneAlone_AndClearDisarmsIt()
    {
        await using var watch = await RawWatch.OpenAsync(_h.Http, ConfigMaps + "?watch=true");
        await Eventually.TrueAsync(() => Task.FromResult(_h.Server.OpenWatches == 1), "watch registered");
        _h.Server.Faults.CorruptWatchEvents("secrets");
        _h.Server.Faults.CorruptWatchEvents("configmaps", count: 5);
        _h.Server.Faults.Clear();

        await _h.PostAsync(ConfigMaps, Manifests.ConfigMap("a"));

        Assert.Null((await watch.NextAsync())!["object"]!["metadata"]!["labels"]);
    }

    [Theory]
    [InlineData("", 1)]
    [InlineData("configmaps", 0)]
    public void CorruptWatchEvents_RefusesAnEmptyResourceOrCount(string resource, int count) =>
        Assert.ThrowsAny<ArgumentException>(() => _h.Server.Faults.CorruptWatchEvents(resource, count));
}
