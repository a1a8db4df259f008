using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using TenantOperator.Runtime.Informers;
using TenantOperator.Tests.Runtime.Integration;

namespace TenantOperator.Tests.Runtime.Informers;

/// <summary>
/// An informer must never be wedged or silently blind: an event it cannot decode is answered with a fresh list, not a
/// retry of the same stream, and its health says when its cache cannot be trusted. On a fake clock, so every wait is exact.
/// </summary>
public sealed class ResourceInformerHealthTests : IDisposable
{
    private static readonly TimeSpan Initial = TimeSpan.FromMilliseconds(800);
    private static readonly TimeSpan UnhealthyAfter = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan RelistInterval = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z"));
    private readonly ScriptedListWatch<V1Namespace> _source = new();
    private readonly RecordingHandler _handler = new();
    private readonly RecordingInformerObserver _observer = new();
    private readonly LogLines _log = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TimeSpan> _backoffs = [];
    private readonly List<bool> _healthChanges = [];
    private readonly ResourceInformer<V1Namespace> _informer;
    private Task? _run;

    public ResourceInformerHealthTests()
    {
        // random: 0 → no jitter and the shortest watch timeout, so every wait is exact.
        var options = new InformerOptions { UnhealthyAfter = UnhealthyAfter, UndecodableRelistInterval = RelistInterval };
        _informer = new ResourceInformer<V1Namespace>(_source, options, _time, _log, _observer, random: () => 0);
        _informer.ReconnectScheduled += wait =>
        {
            lock (_backoffs)
            {
                _backoffs.Add(wait);
            }
        };
        _informer.HealthChanged += healthy =>
        {
            lock (_healthChanges)
            {
                _healthChanges.Add(healthy);
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

    private static V1Namespace Ns(string name, string resourceVersion) => new()
    {
        ApiVersion = "v1",
        Kind = "Namespace",
        Metadata = new V1ObjectMeta { Name = name, ResourceVersion = resourceVersion },
    };

    private IReadOnlyList<bool> HealthChanges
    {
        get
        {
            lock (_healthChanges)
            {
                return [.. _healthChanges];
            }
        }
    }

    private void Start() => _run = _informer.RunAsync(_stop.Token);

    private async Task<TimeSpan> NextBackoff(int number)
    {
        await Eventually.True(() => { lock (_backoffs) { return _backoffs.Count >= number; } }, $"backoff #{number} scheduled");
        lock (_backoffs)
        {
            return _backoffs[number - 1];
        }
    }

    private IReadOnlyList<string> Warnings => [.. _log.Lines.Where(l => l.StartsWith("Warning:", StringComparison.Ordinal))];

    [Fact]
    public async Task UndecodableEvent_IsLoggedWithItsKeyAndCounted_MakesTheCacheUnhealthy_AndIsAnsweredWithAFreshList()
    {
        _source.List("10", Ns("a", "1"))
            .Watch(WatchStep.Added(Ns("b", "11")), WatchStep.Undecodable("c", "12"))
            .List("13", Ns("a", "1"), Ns("b", "11"), Ns("c", "12"));
        Start();

        // The event is lost to the cache: the informer says so at once, and lists after the first reconnect wait.
        Assert.Equal(Initial, await NextBackoff(1));
        Assert.False(_informer.Health.IsHealthy);
        Assert.Equal("it could not decode a watch event for c at resourceVersion 12 and is listing again", _informer.Health.Problem);
        Assert.Equal([false], HealthChanges);
        Assert.Equal(["listed 1", "watch ended undecodable", "undecodable", "healthy false"], _observer.Seen);
        var warning = Assert.Single(Warnings);
        Assert.Contains("for c at resourceVersion 12 that cannot be decoded", warning);
        Assert.Equal(1, _source.ListCount);

        _time.Advance(Initial);
        await Eventually.True(() => _source.WatchCount == 2, "watching again after the fresh list");

        // The list brought the change the event carried; the next watch starts from the list, not before the event.
        Assert.Equal(2, _source.ListCount);
        Assert.Equal("13", _source.WatchRequests[1].ResourceVersion);
        Assert.Equal(["add a 1", "add b 11", "add c 12"], _handler.Seen);
        Assert.True(_informer.Health.IsHealthy);
        Assert.Null(_informer.Health.Problem);
        Assert.Equal([false, true], HealthChanges);
        Assert.Equal(_time.GetUtcNow(), _informer.Health.LastSuccess);
    }

    [Fact]
    public async Task RepeatedUndecodableEvents_AreLoggedOnce_AndListAgainAtMostOncePerInterval()
    {
        // The same broken event comes back after every list: the informer lists again, but not in a tight loop.
        _source.List("10", Ns("a", "1"))
            .Watch(WatchStep.Undecodable("c", "11"))
            .List("12", Ns("a", "1"))
            .Watch(WatchStep.Undecodable("c", "11"))
            .List("12", Ns("a", "1"));
        Start();

        Assert.Equal(Initial, await NextBackoff(1));
        _time.Advance(Initial);

        // The second list started at 0.8 s; the third may not start before 0.8 s + 10 s, though the backoff is 1.6 s.
        Assert.Equal(RelistInterval, await NextBackoff(2));
        _time.Advance(RelistInterval - TimeSpan.FromTicks(1));
        Assert.Equal(2, _source.ListCount);
        _time.Advance(TimeSpan.FromTicks(1));
        await Eventually.True(() => _source.ListCount == 3, "third list after the interval");

        Assert.Single(Warnings);
        Assert.Equal(2, _observer.Count("undecodable"));
    }

    [Fact]
    public async Task ListsAndWatchesThatKeepFailing_MakeTheCacheUnhealthyWhenTheTimeRunsOut_AndAnyEventMakesItHealthyAgain()
    {
        _source.List("10", Ns("a", "1"));
        for (var i = 0; i < 7; i++)
        {
            _source.Watch(WatchStep.Throws(new HttpRequestException("connection refused")));
        }

        _source.Watch(WatchStep.Bookmark("20"));
        Start();

        // Failures from 0 s on, reconnecting after 0.8, 1.6, 3.2, 6.4, 12.8 and 25.6 s: the sixth retry fails at 50.4 s.
        var elapsed = TimeSpan.Zero;
        for (var n = 1; n <= 6; n++)
        {
            var wait = await NextBackoff(n);
            _time.Advance(wait);
            elapsed += wait;
        }

        await NextBackoff(7);
        Assert.Equal(TimeSpan.FromSeconds(50.4), elapsed);
        Assert.True(_informer.Health.IsHealthy, "failing for 50.4 s, within the minute");

        // A minute after the first failure (the watch right after the list, at 0 s), the timer says so, between two retries.
        _time.Advance(UnhealthyAfter - elapsed - TimeSpan.FromTicks(1));
        Assert.True(_informer.Health.IsHealthy);
        _time.Advance(TimeSpan.FromTicks(1));
        Assert.False(_informer.Health.IsHealthy);
        Assert.Equal([false], HealthChanges);
        Assert.Equal("its lists and watches have failed since 2026-01-01T00:00:00Z, with no success in between", _informer.Health.Problem);
        Assert.Equal("watch: connection refused", _informer.Health.LastError);

        // The next watch delivers a bookmark: the server is answering again.
        _time.Advance(TimeSpan.FromSeconds(80.4) - UnhealthyAfter);
        await Eventually.True(() => HealthChanges.Count == 2, "healthy after the bookmark");
        Assert.Equal([false, true], HealthChanges);
        Assert.True(_informer.Health.IsHealthy);
        Assert.Equal(1, _source.ListCount);
    }

    [Fact]
    public async Task AQuietWatch_StaysHealthyLongPastTheUnhealthyTime()
    {
        _source.List("10", Ns("a", "1"));
        Start();
        await Eventually.True(() => _source.WatchCount == 1, "watching");

        // Nothing happens in the cluster for four minutes; the watch is open and nothing failed.
        _time.Advance(TimeSpan.FromMinutes(4));

        Assert.True(_informer.Health.IsHealthy);
        Assert.Empty(HealthChanges);
        Assert.True(_informer.Health.LastSuccess > DateTimeOffset.Parse("2026-01-01T00:00:00Z"), "the open watch counted as a success");
    }

    [Fact]
    public async Task AFailureAfterALongQuietSpell_StartsTheCount_AndAWatchThatStaysOpenEndsIt()
    {
        // The server ends a quiet watch; the reconnect, five minutes later, is refused once; then a quiet watch again.
        _source.List("10", Ns("a", "1")).Watch().Watch(WatchStep.Throws(new HttpRequestException("connection refused")));
        Start();
        Assert.Equal(Initial, await NextBackoff(1));
        _time.Advance(TimeSpan.FromMinutes(5));
        var retry = await NextBackoff(2);

        Assert.True(_informer.Health.IsHealthy, "one failure, five minutes after the last success, is no minute of failures");
        _time.Advance(retry);
        await Eventually.True(() => _source.WatchCount == 3, "watching again");

        // The third watch delivers nothing, but stays open: five seconds on it counts as working, and the minute that
        // the refusal started never runs out.
        _time.Advance(TimeSpan.FromSeconds(5));
        _time.Advance(UnhealthyAfter);
        Assert.True(_informer.Health.IsHealthy);
        Assert.Empty(HealthChanges);
    }

    [Fact]
    public async Task AnInformerThatNeverLists_BecomesUnhealthyWhenTheTimeRunsOut()
    {
        for (var i = 0; i < 10; i++)
        {
            _source.ListFails(new HttpRequestException("connection refused"));
        }

        Start();
        await NextBackoff(1);
        Assert.True(_informer.Health.IsHealthy);

        _time.Advance(UnhealthyAfter);

        Assert.False(_informer.Health.IsHealthy);
        Assert.False(_informer.HasSynced);
        Assert.Equal("list: connection refused", _informer.Health.LastError);
    }
}
