using System.Net;
using k8s;
using k8s.Models;
using TenantOperator.Runtime.Informers;

namespace TenantOperator.Tests.Runtime.Informers;

/// <summary>Pins how KubernetesClient 21's list and watch calls behave, through our adapter.</summary>
public sealed class KubernetesListWatchSourceTests : IDisposable
{
    private readonly ScriptedHttpHandler _http = new();
    private readonly Kubernetes _client;

    public KubernetesListWatchSourceTests() => _client = _http.Client();

    public void Dispose() => _client.Dispose();

    private static async Task<List<ResourceWatchEvent<T>>> Drain<T>(IAsyncEnumerable<ResourceWatchEvent<T>> events)
    {
        var all = new List<ResourceWatchEvent<T>>();
        await foreach (var e in events)
        {
            all.Add(e);
        }

        return all;
    }

    [Fact]
    public async Task NamespaceList_SendsLimitAndContinue_AndStampsKindOnItems()
    {
        _http.Respond(HttpStatusCode.OK, """
            {"kind":"NamespaceList","apiVersion":"v1","metadata":{"resourceVersion":"57","continue":"next-token"},
             "items":[{"metadata":{"name":"team-a","resourceVersion":"40"}}]}
            """);
        var source = KubernetesListWatchSources.Namespaces(_client);

        var page = await source.ListAsync(new ListPageRequest(500, "prev-token"), default);

        Assert.Equal("/api/v1/namespaces?continue=prev-token&limit=500&watch=false", _http.Requests[0].PathAndQuery);
        Assert.Equal("57", page.ResourceVersion);
        Assert.Equal("next-token", page.Continue);
        var item = Assert.Single(page.Items);
        Assert.Equal(("v1", "Namespace", "team-a"), (item.ApiVersion, item.Kind, item.Name()));
    }

    [Fact]
    public async Task NamespaceWatch_AsksForBookmarksFromTheResourceVersion_AndTurnsAnInStream410IntoAnExpiredErrorEvent()
    {
        _http.RespondStream(
            """{"type":"ADDED","object":{"kind":"Namespace","apiVersion":"v1","metadata":{"name":"team-a","resourceVersion":"58"}}}""",
            """{"type":"BOOKMARK","object":{"kind":"Namespace","apiVersion":"v1","metadata":{"resourceVersion":"60"}}}""",
            """{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","status":"Failure","message":"too old resource version: 57 (59)","reason":"Expired","code":410}}""");
        var source = KubernetesListWatchSources.Namespaces(_client);

        var events = await Drain(source.WatchAsync(new WatchRequest("57", 300), default));

        var query = _http.Requests[0].PathAndQuery;
        Assert.StartsWith("/api/v1/namespaces?", query);
        Assert.Contains("watch=true", query);
        Assert.Contains("allowWatchBookmarks=true", query);
        Assert.Contains("resourceVersion=57", query);
        Assert.Contains("timeoutSeconds=300", query);
        Assert.Equal([WatchEventKind.Added, WatchEventKind.Bookmark, WatchEventKind.Error], events.Select(e => e.Kind));
        Assert.Equal("60", events[1].Object!.ResourceVersion());
        Assert.True(events[2].IsExpired);
    }

    [Fact]
    public async Task WatchRefusedWithHttp410_ThrowsResourceExpired()
    {
        _http.Respond(HttpStatusCode.Gone, """{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Expired","code":410}""");
        var source = KubernetesListWatchSources.NetworkPolicies(_client);

        await Assert.ThrowsAsync<ResourceExpiredException>(() => Drain(source.WatchAsync(new WatchRequest("1", 300), default)));
        Assert.StartsWith("/apis/networking.k8s.io/v1/networkpolicies?", _http.Requests[0].PathAndQuery);
    }

    [Fact]
    public async Task ListRefusedWithHttp410_ThrowsResourceExpired()
    {
        _http.Respond(HttpStatusCode.Gone, """{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Expired","code":410}""");
        var source = KubernetesListWatchSources.NetworkPolicies(_client);

        await Assert.ThrowsAsync<ResourceExpiredException>(() => source.ListAsync(new ListPageRequest(10, "stale"), default));
    }

    [Fact]
    public async Task StreamThatEndsWithoutEvents_IsAnEmptySequence_ThoughKubernetesClientThrowsOnIt()
    {
        _http.RespondStream();
        var source = KubernetesListWatchSources.Namespaces(_client);

        Assert.Empty(await Drain(source.WatchAsync(new WatchRequest("9", 300), default)));
    }

    [Fact]
    public async Task LineThatIsNotJson_EndsTheStreamAsAnUndecodableEvent_WithoutAKey()
    {
        _http.RespondStream(
            """{"type":"ADDED","object":{"kind":"Namespace","apiVersion":"v1","metadata":{"name":"a","resourceVersion":"10"}}}""",
            "this is not json",
            """{"type":"ADDED","object":{"kind":"Namespace","apiVersion":"v1","metadata":{"name":"b","resourceVersion":"12"}}}""");
        var source = KubernetesListWatchSources.Namespaces(_client);

        var events = await Drain(source.WatchAsync(new WatchRequest("9", 300), default));

        // KubernetesClient would read on to b as if nothing had been lost; the stream ends at the loss instead.
        Assert.Equal([WatchEventKind.Added, WatchEventKind.Undecodable], events.Select(e => e.Kind));
        Assert.Equal(UndecodableObject.UnknownKey, events[1].Undecodable!.Key);
        Assert.Null(events[1].Undecodable!.ResourceVersion);
    }

    [Fact]
    public async Task EventThatDoesNotFitTheType_EndsTheStreamAsAnUndecodableEvent_NamingItsObject()
    {
        // spec.podSelector must be a label selector, not a string: what a server that failed to validate could send.
        _http.RespondStream(
            """{"type":"ADDED","object":{"kind":"NetworkPolicy","apiVersion":"networking.k8s.io/v1","metadata":{"name":"ok","namespace":"team-a","resourceVersion":"60"},"spec":{"podSelector":{}}}}""",
            """{"type":"MODIFIED","object":{"kind":"NetworkPolicy","apiVersion":"networking.k8s.io/v1","metadata":{"name":"bad","namespace":"team-a","resourceVersion":"61"},"spec":{"podSelector":"x"}}}""",
            """{"type":"ADDED","object":{"kind":"NetworkPolicy","apiVersion":"networking.k8s.io/v1","metadata":{"name":"later","namespace":"team-a","resourceVersion":"62"},"spec":{"podSelector":{}}}}""");
        var source = KubernetesListWatchSources.NetworkPolicies(_client);

        var events = await Drain(source.WatchAsync(new WatchRequest("59", 300), default));

        Assert.Equal([WatchEventKind.Added, WatchEventKind.Undecodable], events.Select(e => e.Kind));
        Assert.Equal(("networking.k8s.io/v1", "NetworkPolicy", "ok"), (events[0].Object!.ApiVersion, events[0].Object!.Kind, events[0].Object!.Name()));
        var broken = events[1].Undecodable!;
        Assert.Equal(("team-a/bad", "61"), (broken.Key, broken.ResourceVersion));
        Assert.Contains("podSelector", broken.Error);
    }

    [Fact]
    public async Task FirstEventThatDoesNotFitTheType_IsUndecodable_NotMistakenForAnEmptyStream()
    {
        // KubernetesClient parses the first line as the list type before anything else; a well-formed event passes that.
        _http.RespondStream(
            """{"type":"ADDED","object":{"kind":"Namespace","apiVersion":"v1","metadata":{"name":"bad","resourceVersion":"70","labels":"x"}}}""");
        var source = KubernetesListWatchSources.Namespaces(_client);

        var events = await Drain(source.WatchAsync(new WatchRequest("69", 300), default));

        var only = Assert.Single(events);
        Assert.Equal((WatchEventKind.Undecodable, "bad", "70"), (only.Kind, only.Undecodable!.Key, only.Undecodable.ResourceVersion));
    }

    [Fact]
    public async Task CustomResourceThatDoesNotFitItsType_IsUndecodable_NamingIt()
    {
        _http.RespondStream(
            """{"type":"MODIFIED","object":{"kind":"Widget","apiVersion":"example.io/v1","metadata":{"name":"w1","resourceVersion":"8"},"spec":{"size":"large"}}}""");
        var source = KubernetesListWatchSources.ClusterCustomResources<Widget>(_client);

        var events = await Drain(source.WatchAsync(new WatchRequest("7", 300), default));

        var only = Assert.Single(events);
        Assert.Equal((WatchEventKind.Undecodable, "w1", "8"), (only.Kind, only.Undecodable!.Key, only.Undecodable.ResourceVersion));
        Assert.Contains("$.spec.size", only.Undecodable.Error);
    }

    [Fact]
    public async Task ClusterCustomResource_ListsAndWatchesTypedObjectsThroughCustomObjects()
    {
        _http.Respond(HttpStatusCode.OK, """
                {"kind":"WidgetList","apiVersion":"example.io/v1","metadata":{"resourceVersion":"7"},
                 "items":[{"metadata":{"name":"w1","resourceVersion":"6"},"spec":{"size":3}}]}
                """)
            .RespondStream(
                """{"type":"MODIFIED","object":{"kind":"Widget","apiVersion":"example.io/v1","metadata":{"name":"w1","resourceVersion":"8"},"spec":{"size":4}}}""",
                """{"type":"DELETED","object":{"kind":"Widget","apiVersion":"example.io/v1","metadata":{"name":"w1","resourceVersion":"9"},"spec":{"size":4}}}""");
        var source = KubernetesListWatchSources.ClusterCustomResources<Widget>(_client);

        var page = await source.ListAsync(new ListPageRequest(100, null), default);
        var events = await Drain(source.WatchAsync(new WatchRequest(page.ResourceVersion, 300), default));

        Assert.Equal("/apis/example.io/v1/widgets?limit=100&watch=false", _http.Requests[0].PathAndQuery);
        Assert.StartsWith("/apis/example.io/v1/widgets?", _http.Requests[1].PathAndQuery);
        Assert.Equal(("example.io/v1", "Widget", 3), (page.Items[0].ApiVersion, page.Items[0].Kind, page.Items[0].Spec.Size));
        Assert.Equal([WatchEventKind.Modified, WatchEventKind.Deleted], events.Select(e => e.Kind));
        Assert.Equal(4, events[0].Object!.Spec.Size);
    }
}
