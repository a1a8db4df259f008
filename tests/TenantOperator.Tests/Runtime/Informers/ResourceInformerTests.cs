using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using TenantOperator.Runtime.Informers;

namespace TenantOperator.Tests.Runtime.Informers;

public sealed class ResourceInformerTests : IDisposable
{
    private static readonly TimeSpan Initial = TimeSpan.FromMilliseconds(800);
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z"));
    private readonly ScriptedListWatch<V1Namespace> _source = new();
    private readonly RecordingHandler _handler = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TimeSpan> _backoffs = [];
    private readonly ResourceInformer<V1Namespace> _informer;
    private Task? _run;

    public ResourceInformerTests()
    {
        // random: 0 → no jitter and the shortest watch timeout, so every wait is exact.
        _informer = new ResourceInformer<V1Namespace>(_source, new InformerOptions { PageSize = 2 }, _time, random: () => 0);
        _informer.ReconnectScheduled += wait =>
        {
            lock (_backoffs)
            {
                _backoffs.Add(wait);
            }
        };
        _informer.AddHandler(_handler);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _run?.Wait(TimeSpan.FromSeconds(10));
        _stop.Dispose();
    }

    private static V1Namespace Ns(string name, string resourceVersion, string? tenant = null) => new()
    {
        ApiVersion = "v1",
        Kind = "Namespace",
        Metadata = new V1ObjectMeta
        {
            Name = name,
            ResourceVersion = resourceVersion,
            Labels = tenant is null ? null : new Dictionary<string, string> { ["tenant"] = tenant },
        },
    };

    private void Start() => _run = _informer.RunAsync(_stop.Token);

    private int BackoffCount
    {
        get
        {
            lock (_backoffs)
            {
                return _backoffs.Count;
            }
        }
    }

    private async Task<TimeSpan> NextBackoff(int number)
    {
        await Eventually.True(() => BackoffCount >= number, $"backoff #{number} scheduled");
        lock (_backoffs)
        {
            return _backoffs[number - 1];
        }
    }

    [Fact]
    public async Task PagedList_FollowsContinueTokens_ThenWatchesFromTheListsResourceVersionWithATimeout()
    {
        _source.Page("10", "page-2", Ns("a", "1"), Ns("b", "2")).Page("10", null, Ns("c", "3"));
        Start();

        await _informer.WaitForSyncAsync(default).WaitAsync(TimeSpan.FromSeconds(10));
        await Eventually.True(() => _source.WatchCount == 1, "watch opened");

        Assert.Equal([new ListPageRequest(2, null), new ListPageRequest(2, "page-2")], _source.ListRequests);
        Assert.Equal(["add a 1", "add b 2", "add c 3"], _handler.Seen.Order());
        Assert.Equal(3, _informer.Cache.Count);
        Assert.Equal(new WatchRequest("10", 300), _source.WatchRequests[0]);
    }

    [Fact]
    public async Task HasSynced_IsFalseUntilAListSucceeds_AndAFailedListIsRetriedWithBackoff()
    {
        _source.ListFails(new HttpRequestException("connection refused")).List("5", Ns("a", "1"));
        Start();

        Assert.Equal(Initial, await NextBackoff(1));
        Assert.False(_informer.HasSynced);
        _time.Advance(Initial);

        await _informer.WaitForSyncAsync(default).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, _source.ListCount);
    }

    [Fact]
    public async Task WatchEvents_UpdateTheCache_AndHandlersGetOldAndNewOnUpdates()
    {
        _source.List("10", Ns("a", "1"), Ns("b", "2"))
            .Watch(WatchStep.Added(Ns("c", "11")), WatchStep.Modified(Ns("a", "12")), WatchStep.Deleted(Ns("b", "13")));
        Start();

        await Eventually.True(() => _handler.Seen.Count == 5, "three watch events delivered");

        Assert.Equal(["add c 11", "update a 1→12", "delete b 13"], _handler.Seen.Skip(2));
        Assert.Equal(["a", "c"], _informer.Cache.List().Select(n => n.Name()).Order());
        Assert.Equal("12", _informer.Cache.Get(null, "a")!.ResourceVersion());
        Assert.Null(_informer.Cache.Get("b"));
    }

    [Fact]
    public async Task StreamThatEndsAfterEvents_ResumesAtOnceFromTheLastResourceVersionSeen()
    {
        _source.List("10", Ns("a", "1"))
            .Watch(WatchStep.Added(Ns("b", "11")), WatchStep.Modified(Ns("a", "12")));
        Start();

        await Eventually.True(() => _source.WatchCount == 2, "second watch opened without any clock advance");

        Assert.Equal("12", _source.WatchRequests[1].ResourceVersion);
        Assert.Equal(1, _source.ListCount);
        Assert.Equal(0, BackoffCount);
    }

    [Fact]
    public async Task Bookmark_MovesTheResumePoint_WithoutTouchingCacheOrHandlers()
    {
        _source.List("10", Ns("a", "1")).Watch(WatchStep.Bookmark("20"));
        Start();

        await Eventually.True(() => _source.WatchCount == 2, "resumed after the bookmark");

        Assert.Equal("20", _source.WatchRequests[1].ResourceVersion);
        Assert.Equal(["add a 1"], _handler.Seen);
        Assert.Equal(1, _informer.Cache.Count);
    }

    [Fact]
    public async Task StreamThatEndsWithNoEvents_ResumesFromTheSameResourceVersion_AfterAGrowingBackoff()
    {
        _source.List("10", Ns("a", "1")).Watch().Watch();
        Start();

        Assert.Equal(Initial, await NextBackoff(1));
        _time.Advance(Initial - TimeSpan.FromTicks(1));
        Assert.Equal(1, _source.WatchCount);
        _time.Advance(TimeSpan.FromTicks(1));
        await Eventually.True(() => _source.WatchCount == 2, "second watch after 800 ms");

        Assert.Equal(Initial * 2, await NextBackoff(2));
        _time.Advance(Initial * 2);
        await Eventually.True(() => _source.WatchCount == 3, "third watch after 1.6 s");

        Assert.All(_source.WatchRequests, r => Assert.Equal("10", r.ResourceVersion));
        Assert.Equal(1, _source.ListCount);
    }

    [Fact]
    public async Task DroppedWatch_ResumesFromTheLastResourceVersion_WithoutRelisting()
    {
        _source.List("10", Ns("a", "1"))
            .Watch(WatchStep.Modified(Ns("a", "15")), WatchStep.Throws(new IOException("connection reset by peer")));
        Start();

        // The stream delivered an event before it broke, so this is the first failure: initial backoff.
        Assert.Equal(Initial, await NextBackoff(1));
        _time.Advance(Initial);
        await Eventually.True(() => _source.WatchCount == 2, "reconnected");

        Assert.Equal("15", _source.WatchRequests[1].ResourceVersion);
        Assert.Equal(1, _source.ListCount);
    }

    [Fact]
    public async Task ExpiredInStream_RelistsAndDeliversOnlyTheDifferences()
    {
        _source.List("10", Ns("a", "1"), Ns("b", "1"), Ns("c", "1"))
            .Watch(WatchStep.Expired())
            .List("30", Ns("a", "1"), Ns("b", "5"), Ns("d", "6"));
        Start();
        await _informer.WaitForSyncAsync(default).WaitAsync(TimeSpan.FromSeconds(10));

        _time.Advance(await NextBackoff(1));
        await Eventually.True(() => _source.WatchCount == 2, "watching again after the re-list");

        Assert.Equal(2, _source.ListCount);
        Assert.Equal("30", _source.WatchRequests[1].ResourceVersion);
        Assert.Equal(["a", "b", "d"], _informer.Cache.List().Select(n => n.Name()).Order());
        Assert.Equal("5", _informer.Cache.Get("b")!.ResourceVersion());
    }

    [Fact]
    public async Task ExpiredInStream_HandlersSeeAddedUpdatedAndDeleted()
    {
        _source.List("10", Ns("a", "1"), Ns("b", "1"), Ns("c", "1"))
            .Watch(WatchStep.Expired())
            .List("30", Ns("a", "1"), Ns("b", "5"), Ns("d", "6"));
        Start();
        await _informer.WaitForSyncAsync(default).WaitAsync(TimeSpan.FromSeconds(10));
        _time.Advance(await NextBackoff(1));
        await Eventually.True(() => _handler.Seen.Count == 6, "differences delivered");

        Assert.Equal(["add d 6", "delete c 1", "update b 1→5"], _handler.Seen.Skip(3).Order());
    }

    [Fact]
    public async Task Http410OnWatch_RelistsLikeAnInStreamExpiry()
    {
        _source.List("10", Ns("a", "1"))
            .Watch(WatchStep.Throws(new ResourceExpiredException("410 Gone")))
            .List("40", Ns("a", "2"));
        Start();

        _time.Advance(await NextBackoff(1));
        await Eventually.True(() => _source.WatchCount == 2, "watching after the re-list");

        Assert.Equal(2, _source.ListCount);
        Assert.Equal("40", _source.WatchRequests[1].ResourceVersion);
        Assert.Contains("update a 1→2", _handler.Seen);
    }

    [Fact]
    public async Task ExpiredContinueToken_RestartsTheListFromTheFirstPage()
    {
        _source.Page("10", "p2", Ns("a", "1"), Ns("b", "1"))
            .ListFails(new ResourceExpiredException("continue token expired"))
            .Page("11", "p2b", Ns("a", "1"), Ns("b", "1"))
            .Page("11", null, Ns("c", "1"));
        Start();

        _time.Advance(await NextBackoff(1));
        await _informer.WaitForSyncAsync(default).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal([null, "p2", null, "p2b"], _source.ListRequests.Select(r => r.Continue));
        Assert.Equal(3, _informer.Cache.Count);
    }

    [Fact]
    public async Task InStreamServerError_ReconnectsWithBackoff_FromTheSameResourceVersion()
    {
        _source.List("10", Ns("a", "1")).Watch(WatchStep.ServerError());
        Start();

        _time.Advance(await NextBackoff(1));
        await Eventually.True(() => _source.WatchCount == 2, "reconnected");

        Assert.Equal("10", _source.WatchRequests[1].ResourceVersion);
        Assert.Equal(1, _source.ListCount);
    }

    [Fact]
    public async Task ConsecutiveFailures_DoubleTheBackoffUpTo30Seconds_AndAHealthyWatchResetsIt()
    {
        _source.List("10", Ns("a", "1"));
        for (var i = 0; i < 8; i++)
        {
            _source.Watch(WatchStep.Throws(new HttpRequestException("refused")));
        }

        _source.Watch(WatchStep.Modified(Ns("a", "2")), WatchStep.Throws(new HttpRequestException("refused")));
        Start();

        var expected = new[] { 0.8, 1.6, 3.2, 6.4, 12.8, 25.6, 30, 30 }.Select(TimeSpan.FromSeconds).ToArray();
        for (var i = 0; i < expected.Length; i++)
        {
            var wait = await NextBackoff(i + 1);
            Assert.Equal(expected[i], wait);
            _time.Advance(wait);
        }

        // The ninth watch delivered an event before failing: the backoff starts over.
        Assert.Equal(Initial, await NextBackoff(9));
    }

    [Fact]
    public async Task Jitter_OnlyShortensTheBackoff_ByAtMostItsShare()
    {
        var informer = new ResourceInformer<V1Namespace>(_source, new InformerOptions(), _time, random: () => 0.999);
        var waits = new List<TimeSpan>();
        informer.ReconnectScheduled += w =>
        {
            lock (waits)
            {
                waits.Add(w);
            }
        };
        _source.ListFails(new HttpRequestException("refused"));
        _run = informer.RunAsync(_stop.Token);

        await Eventually.True(() =>
        {
            lock (waits)
            {
                return waits.Count == 1;
            }
        }, "backoff scheduled");
        Assert.InRange(waits[0], Initial * 0.5, Initial);
    }

    [Fact]
    public async Task ManyReconnectsAndRelists_KeepOneStreamOpenAtATime_AndTheCacheAndIndexesAtTheLiveSize()
    {
        _informer.Cache.AddIndex("tenant", n => n.Labels() is { } labels && labels.TryGetValue("tenant", out var t) ? [t] : []);
        _source.List("1", Ns("fixed", "1", "t-fixed"));
        for (var round = 0; round < 200; round++)
        {
            // Each round: a short-lived namespace comes and goes over the watch, then the watch expires
            // and the re-list shows another short-lived one, which the next round deletes again.
            var rv = 10 + (round * 10);
            _source.Watch(
                    WatchStep.Added(Ns($"ns-{round}", $"{rv + 1}", $"t-{round}")),
                    WatchStep.Deleted(Ns($"ns-{round}", $"{rv + 2}", $"t-{round}")),
                    WatchStep.Expired())
                .List($"{rv + 5}", Ns("fixed", "1", "t-fixed"), Ns($"relisted-{round}", $"{rv + 4}", $"r-{round}"));
        }

        Start();
        for (var round = 0; round < 200; round++)
        {
            _time.Advance(await NextBackoff(round + 1));
        }

        await Eventually.True(() => _source.WatchCount == 201, "all rounds played");

        Assert.Equal(1, _source.MaxOpenWatches);
        Assert.Equal(200, _source.ClosedWatches);
        Assert.Equal(2, _informer.Cache.Count);
        Assert.Equal(2, _informer.Cache.IndexValueCount("tenant"));
        Assert.Equal(["fixed"], _informer.Cache.ByIndex("tenant", "t-fixed").Select(n => n.Name()));
        Assert.Empty(_informer.Cache.ByIndex("tenant", "t-5"));
    }

    [Fact]
    public async Task ThrowingHandler_DoesNotStopTheInformerOrTheOtherHandlers()
    {
        _informer.AddHandler(new ResourceEventHandler<V1Namespace>(onAdded: _ => throw new InvalidOperationException("handler bug")));
        var later = new RecordingHandler();
        _informer.AddHandler(later);
        _source.List("10", Ns("a", "1")).Watch(WatchStep.Added(Ns("b", "11")));
        Start();

        await Eventually.True(() => later.Seen.Count == 2, "both objects reached the handler after the broken one");
        Assert.Equal(2, _informer.Cache.Count);
    }

    [Fact]
    public async Task HandlerAddedAfterSync_FirstGetsEveryCachedObjectAsAdded()
    {
        _source.List("10", Ns("a", "1"), Ns("b", "2"));
        Start();
        await _informer.WaitForSyncAsync(default).WaitAsync(TimeSpan.FromSeconds(10));

        var late = new RecordingHandler();
        _informer.AddHandler(late);

        Assert.Equal(["add a 1", "add b 2"], late.Seen.Order());
    }

    [Fact]
    public async Task Index_FollowsLabelChanges_AndForgetsDeletedObjects()
    {
        _informer.Cache.AddIndex("tenant", n => n.Labels() is { } labels && labels.TryGetValue("tenant", out var t) ? [t] : []);
        _source.List("10", Ns("a", "1", "red"), Ns("b", "1", "red"))
            .Watch(WatchStep.Modified(Ns("a", "11", "blue")), WatchStep.Deleted(Ns("b", "12", "red")));
        Start();

        await Eventually.True(() => _informer.LastResourceVersion == "12", "watch events applied");

        Assert.Equal(["a"], _informer.Cache.ByIndex("tenant", "blue").Select(n => n.Name()));
        Assert.Empty(_informer.Cache.ByIndex("tenant", "red"));
        Assert.Equal(["blue"], _informer.Cache.IndexValues("tenant"));
    }
}
