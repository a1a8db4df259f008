using CsCheck;
using Microsoft.Extensions.Time.Testing;
using TenantOperator.Runtime.Queue;
using TenantOperator.TestSupport.PropertyTesting;

namespace TenantOperator.Tests.Runtime.Queue;

public sealed class WorkQueueTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z"));
    private readonly RecordingQueueMetrics _metrics = new();
    private readonly WorkQueue<string> _queue;

    public WorkQueueTests()
    {
        // No jitter unless a test asks for it: delays are exact.
        _queue = new WorkQueue<string>(new WorkQueueOptions { Name = "tenants" }, _time, _metrics, random: () => 0);
    }

    public void Dispose() => _queue.Dispose();

    [Fact]
    public async Task KeyAddedTwiceWhileQueued_IsHandedOutOnce()
    {
        _queue.Add("a");
        _queue.Add("a");
        _queue.Add("b");

        Assert.Equal(2, _queue.Depth);
        Assert.Equal("a", (await _queue.GetAsync(default)).Key);
        Assert.Equal("b", (await _queue.GetAsync(default)).Key);
        Assert.Equal(0, _queue.Depth);
        Assert.False(_queue.GetAsync(new CancellationTokenSource(0).Token).IsCompletedSuccessfully);
    }

    [Fact]
    public async Task KeyBeingProcessed_IsNotHandedToASecondWorker_UntilDone()
    {
        _queue.Add("a");
        var first = await _queue.GetAsync(default);

        _queue.Add("a");
        var second = _queue.GetAsync(default);

        Assert.Equal(0, _queue.Depth);
        Assert.False(second.IsCompleted);

        _queue.Done(first.Key);
        Assert.Equal("a", (await second.WaitAsync(Patience)).Key);
    }

    [Fact]
    public async Task KeyAddedManyTimesDuringProcessing_RunsExactlyOnceMoreAfterwards()
    {
        _queue.Add("a");
        var item = await _queue.GetAsync(default);
        _queue.Add("a");
        _queue.Add("a");
        _queue.Add("a");

        _queue.Done(item.Key);

        Assert.Equal(1, _queue.Depth);
        var again = await _queue.GetAsync(default);
        _queue.Done(again.Key);
        Assert.Equal(0, _queue.Depth);
    }

    [Fact]
    public async Task KeyNotAddedDuringProcessing_IsNotRequeuedByDone()
    {
        _queue.Add("a");
        var item = await _queue.GetAsync(default);
        _queue.Done(item.Key);

        Assert.Equal(0, _queue.Depth);
    }

    [Fact]
    public void Backoff_Starts_At5Milliseconds_Doubles_AndIsCappedAt30Seconds()
    {
        var expectedMs = new double[] { 5, 10, 20, 40, 80, 160, 320, 640, 1280, 2560, 5120, 10240, 20480, 30000, 30000, 30000 };
        var actual = Enumerable.Range(0, expectedMs.Length).Select(_ => _queue.Backoff.NextDelay("a").TotalMilliseconds);

        Assert.Equal(expectedMs, actual);
        Assert.Equal(TimeSpan.FromSeconds(30), _queue.Backoff.NominalDelay(10_000));
    }

    [Fact]
    [Trait("Category", "Property")]
    public void BackoffJitter_ShortensByAtMostTenPercent_AndNeverExceedsTheCap()
    {
        PropertyRun.ForAll(Gen.Select(Gen.Int[1, 200], Gen.Double[0, 0.999999]), (failures, draw) =>
        {
            var backoff = new ItemExponentialBackoff<string>(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(30), 0.1, () => draw);
            TimeSpan delay = default;
            for (var i = 0; i < failures; i++)
            {
                delay = backoff.NextDelay("k");
            }

            var nominal = backoff.NominalDelay(failures);
            Assert.True(delay <= nominal && delay >= nominal * 0.9 && delay <= TimeSpan.FromSeconds(30), $"{failures} failures, draw {draw}: {delay} against nominal {nominal}");
        });
    }

    [Fact]
    public async Task AddRateLimited_MakesTheKeyReadyOnlyAfterItsBackoff()
    {
        _queue.AddRateLimited("a");
        _queue.AddRateLimited("a");

        // Two failures are counted; the key waits for the earlier of the two delays (5 ms, not 10 ms).
        _time.Advance(TimeSpan.FromMilliseconds(4.9));
        Assert.Equal(0, _queue.Depth);
        _time.Advance(TimeSpan.FromMilliseconds(0.1));
        Assert.Equal(1, _queue.Depth);
        Assert.Equal("a", (await _queue.GetAsync(default)).Key);
        Assert.Equal(2, _queue.NumRequeues("a"));
    }

    [Fact]
    public async Task AddRateLimited_WaitsTheDoubledDelayOnEachConsecutiveFailure()
    {
        for (var failure = 1; failure <= 5; failure++)
        {
            var expected = TimeSpan.FromMilliseconds(5 * Math.Pow(2, failure - 1));
            _queue.AddRateLimited("a");
            _time.Advance(expected - TimeSpan.FromTicks(1));
            Assert.Equal(0, _queue.Depth);
            _time.Advance(TimeSpan.FromTicks(1));
            Assert.Equal(1, _queue.Depth);
            var item = await _queue.GetAsync(default);
            _queue.Done(item.Key);
        }
    }

    [Fact]
    public void Forget_ResetsTheBackoffToTheBaseDelay()
    {
        _queue.AddRateLimited("a");
        _queue.AddRateLimited("a");
        _queue.AddRateLimited("a");
        _queue.Forget("a");

        Assert.Equal(0, _queue.NumRequeues("a"));
        Assert.Equal(TimeSpan.FromMilliseconds(5), _queue.Backoff.NextDelay("a"));
    }

    [Fact]
    public async Task AddAfter_MakesTheKeyReadyAfterTheDelay_AndTheEarlierOfTwoDelaysWins()
    {
        _queue.AddAfter("a", TimeSpan.FromSeconds(10));
        _queue.AddAfter("a", TimeSpan.FromSeconds(3));
        _queue.AddAfter("a", TimeSpan.FromSeconds(20));

        _time.Advance(TimeSpan.FromSeconds(2.999));
        Assert.Equal(0, _queue.Depth);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, _queue.Depth);

        // The superseded 10 s and 20 s entries do not fire a second time.
        var item = await _queue.GetAsync(default);
        _queue.Done(item.Key);
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(0, _queue.Depth);
        Assert.Equal(0, _queue.DelayedCount);
    }

    [Fact]
    public void AddAfter_OfAKeyAlreadyQueued_DoesNotQueueItTwice()
    {
        _queue.Add("a");
        _queue.AddAfter("a", TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(1, _queue.Depth);
    }

    [Fact]
    public async Task ManyDelayedKeys_BecomeReadyInDueOrder()
    {
        for (var i = 10; i >= 1; i--)
        {
            _queue.AddAfter($"k{i}", TimeSpan.FromSeconds(i));
        }

        for (var i = 1; i <= 10; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            Assert.Equal(1, _queue.Depth);
            var item = await _queue.GetAsync(default);
            Assert.Equal($"k{i}", item.Key);
            _queue.Done(item.Key);
        }
    }

    [Fact]
    public async Task ShutDown_ReleasesWaitingWorkers_AndIgnoresLaterAdds()
    {
        var waiting = _queue.GetAsync(default);

        _queue.ShutDown();

        Assert.True((await waiting.WaitAsync(Patience)).ShuttingDown);
        _queue.Add("a");
        Assert.Equal(0, _queue.Depth);
        Assert.True((await _queue.GetAsync(default)).ShuttingDown);
    }

    [Fact]
    public async Task GetAsync_ThrowsWhenTheCallersTokenIsCancelled()
    {
        using var cts = new CancellationTokenSource();
        var waiting = _queue.GetAsync(cts.Token);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    [Fact]
    public async Task Metrics_SeeDepthAddsRetriesAndTheTimeAKeyWaited()
    {
        _queue.Add("a");
        _queue.Add("b");
        _time.Advance(TimeSpan.FromMilliseconds(250));
        await _queue.GetAsync(default);
        _queue.AddRateLimited("c");

        Assert.Equal(2, _metrics.Adds);
        Assert.Equal(1, _metrics.Retries);
        Assert.Equal(1, _metrics.LastDepth);
        Assert.Equal([TimeSpan.FromMilliseconds(250)], _metrics.Waits);
    }
}
