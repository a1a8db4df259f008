using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Tests.Support;

namespace TenantOperator.LocalApiServer.Tests;

/// <summary>Issue 4 §6: the watch wire format and semantics.</summary>
public sealed class WatchTests : IAsyncLifetime
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";
    private ApiServerHarness _h = null!;

    public async Task InitializeAsync() => _h = await ApiServerHarness.StartAsync(fakeTime: true, historySize: 50);

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private static string Type(JsonObject e) => (string)e["type"]!;

    private static string Name(JsonObject e) => (string)e["object"]!["metadata"]!["name"]!;

    [Fact]
    public async Task WithoutResourceVersion_SendsExistingObjectsAsAddedThenLiveEvents_OneCompactLineEach()
    {
        await _h.PostAsync(ConfigMaps, Manifests.ConfigMap("a"));
        await using var watch = await RawWatch.OpenAsync(_h.Http, ConfigMaps + "?watch=true");
        Assert.Equal(200, watch.StatusCode);
        var added = await watch.NextAsync();
        Assert.Equal(("ADDED", "a"), (Type(added!), Name(added!)));
        await _h.PatchAsync(ConfigMaps + "/a", """{"data":{"k":"w"}}""", "application/merge-patch+json");
        await _h.DeleteAsync(ConfigMaps + "/a");
        var events = await watch.NextAsync(2);
        Assert.Equal(["MODIFIED", "DELETED"], events.Select(Type));
        Assert.All(watch.RawLines, line =>
        {
            Assert.DoesNotContain('\n', line);
            Assert.DoesNotContain("  ", line);
            Assert.StartsWith("{\"type\":", line);
        });
    }

    [Fact]
    public async Task FromAResourceVersion_SendsOnlyLaterChanges()
    {
        await _h.PostAsync(ConfigMaps, Manifests.ConfigMap("before"));
        var from = _h.Server.ResourceVersion;
        await _h.PostAsync(ConfigMaps, Manifests.ConfigMap("after"));
        await using var watch = await RawWatch.OpenAsync(_h.Http, $"{ConfigMaps}?watch=1&resourceVersion={from}");
        var first = await watch.NextAsync();
        Assert.Equal(("ADDED", "after"), (Type(first!), Name(first!)));
    }

    [Fact]
    public async Task TooOldResourceVersion_Is200WithOneExpiredErrorEventThenClose()
    {
        await _h.PostAsync(ConfigMaps, Manifests.ConfigMap("a"));
        var old = _h.Server.ResourceVersion;
        await _h.PostAsync(ConfigMaps, Manifests.ConfigMap("b"));
        _h.Server.Faults.CompactHistory();
        await using var watch = await RawWatch.OpenAsync(_h.Http, $"{ConfigMaps}?watch=true&resourceVersion={old - 1}");
        Assert.Equal(200, watch.StatusCode);
        var error = await watch.NextAsync();
        Assert.Equal("ERROR", Type(error!));
        var status = error!["object"]!;
        Assert.Equal("Status", (string?)status["kind"]);
        Assert.Equal("Expired", (string?)status["reason"]);
        Assert.Equal(410, (int)status["code"]!);
        Assert.StartsWith("too old resource version: ", (string?)status["message"]);
        Assert.Null(await watch.NextAsync());
    }

    [Fact]
    public async Task HistoryOverflow_AlsoExpiresOldResourceVersions()
    {
        var old = _h.Server.ResourceVersion;
        for (var i = 0; i < 60; i++)
        {
            await _h.PostAsync(ConfigMaps, Manifests.ConfigMap($"cm-{i}"));
        }

        await using var watch = await RawWatch.OpenAsync(_h.Http, $"{ConfigMaps}?watch=true&resourceVersion={old}");
        Assert.Equal("Expired", (string?)(await watch.NextAsync())!["object"]!["reason"]);
    }

    [Fact]
    public async Task TimeoutSeconds_ClosesTheStream()
    {
        await using var watch = await RawWatch.OpenAsync(_h.Http, ConfigMaps + "?watch=true&timeoutSeconds=30");
        await _h.Time!.FireAsync(TimeSpan.FromSeconds(30), "the watch's timeoutSeconds");
        Assert.Null(await watch.NextAsync());
    }

    [Fact]
    public async Task Bookmarks_AreSentWhenAllowed()
    {
        await _h.PostAsync(ConfigMaps, Manifests.ConfigMap("a"));
        var revision = _h.Server.ResourceVersion;
        await using var watch = await RawWatch.OpenAsync(_h.Http, $"{ConfigMaps}?watch=true&allowWatchBookmarks=true&resourceVersion={revision}");
        await _h.Time!.FireAsync(TimeSpan.FromSeconds(10), "the bookmark interval");
        var bookmark = await watch.NextAsync();
        Assert.Equal("BOOKMARK", Type(bookmark!));
        Assert.Equal("ConfigMap", (string?)bookmark!["object"]!["kind"]);
        Assert.Equal(revision.ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)bookmark["object"]!["metadata"]!["resourceVersion"]);
    }

    [Fact]
    public async Task ObjectLeavingTheSelector_IsSentAsDeleted_AndOneEnteringAsAdded()
    {
        await _h.PostAsync(ConfigMaps, Manifests.ConfigMap("a", extraMetadata: ",\"labels\":{\"team\":\"x\"}"));
        await using var watch = await RawWatch.OpenAsync(_h.Http, ConfigMaps + "?watch=true&labelSelector=team%3Dx");
        Assert.Equal("ADDED", Type((await watch.NextAsync())!));
        await _h.PatchAsync(ConfigMaps + "/a", """{"metadata":{"labels":{"team":"y"}}}""", "application/merge-patch+json");
        var left = await watch.NextAsync();
        Assert.Equal(("DELETED", "a"), (Type(left!), Name(left!)));
        await _h.PatchAsync(ConfigMaps + "/a", """{"metadata":{"labels":{"team":"x"}}}""", "application/merge-patch+json");
        Assert.Equal("ADDED", Type((await watch.NextAsync())!));
    }

    [Fact]
    public async Task ManyWatchers_AllSeeEveryChange()
    {
        var watches = new List<RawWatch>();
        for (var i = 0; i < 10; i++)
        {
            watches.Add(await RawWatch.OpenAsync(_h.Http, ConfigMaps + "?watch=true"));
        }

        await Eventually.TrueAsync(() => Task.FromResult(_h.Server.OpenWatches == 10), "10 watches registered");
        for (var i = 0; i < 5; i++)
        {
            await _h.PostAsync(ConfigMaps, Manifests.ConfigMap($"cm-{i}"));
        }

        foreach (var watch in watches)
        {
            Assert.Equal(["cm-0", "cm-1", "cm-2", "cm-3", "cm-4"], (await watch.NextAsync(5)).Select(Name));
            await watch.DisposeAsync();
        }
    }

    [Fact]
    public async Task DropAllWatches_ClosesEveryStream()
    {
        await using var watch = await RawWatch.OpenAsync(_h.Http, ConfigMaps + "?watch=true");
        await Eventually.TrueAsync(() => Task.FromResult(_h.Server.OpenWatches == 1), "watch registered");
        Assert.Equal(1, _h.Server.Faults.DropAllWatches());
        Assert.Null(await watch.NextAsync());
    }

    [Fact]
    public async Task NamespacedWatch_SeesOnlyItsNamespace()
    {
        await _h.PostAsync("/api/v1/namespaces", Manifests.Namespace("other"));
        await using var watch = await RawWatch.OpenAsync(_h.Http, ConfigMaps + "?watch=true");
        await Eventually.TrueAsync(() => Task.FromResult(_h.Server.OpenWatches == 1), "watch registered");
        await _h.PostAsync("/api/v1/namespaces/other/configmaps", Manifests.ConfigMap("elsewhere", "other"));
        await _h.PostAsync(ConfigMaps, Manifests.ConfigMap("here"));
        Assert.Equal("here", Name((await watch.NextAsync())!));
    }
}
