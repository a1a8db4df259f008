using Microsoft.Extensions.Time.Testing;
using TenantOperator.Runtime.Queue;

namespace TenantOperator.Tests.Runtime.Queue;

public sealed class ReconcileWorkerPoolTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z"));
    private readonly RecordingQueueMetrics _metrics = new();
    private readonly WorkQueue<string> _queue;
    private readonly CancellationTokenSource _stop = new();

    public ReconcileWorkerPoolTests()
    {
        _queue = new WorkQueue<string>(new WorkQueueOptions(), _time, _metrics, random: () => 0);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _queue.Dispose();
        _stop.Dispose();
    }

    private Task Run(Func<string, CancellationToken, Task<ReconcileResult>> reconcile, int workers = 2) =>
        new ReconcileWorkerPool<string>(_queue, reconcile, new WorkerPoolOptions { Workers = workers, ControllerName = "test" }, _metrics, _time)
            .RunAsync(_stop.Token);

    [Fact]
    public async Task FailedReconcile_IsRetriedAfterItsBackoff_AndForgottenOnSuccess()
    {
        var calls = 0;
        _ = Run((_, _) => Task.FromResult(Interlocked.Increment(ref calls) < 3 ? ReconcileResult.Failed("boom") : ReconcileResult.Success));

        _queue.Add("a");
        // DelayedCount, not NumRequeues: the failure is counted just before the retry's timer is armed.
        await Eventually.True(() => calls == 1 && _queue.DelayedCount == 1, "first attempt failed and its retry is scheduled");
        _time.Advance(TimeSpan.FromMilliseconds(5));
        await Eventually.True(() => calls == 2 && _queue.DelayedCount == 1, "second attempt after 5 ms, retry scheduled");
        Assert.Equal(2, _queue.NumRequeues("a"));
        _time.Advance(TimeSpan.FromMilliseconds(9));
        Assert.Equal(2, calls);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await Eventually.True(() => calls == 3 && _queue.NumRequeues("a") == 0, "third attempt after 10 ms succeeded and was forgotten");
        Assert.Equal([ReconcileOutcome.Error, ReconcileOutcome.Error, ReconcileOutcome.Success], _metrics.Outcomes);
    }

    [Fact]
    public async Task ThrowingReconcile_CountsAsAnErrorAndIsRetried()
    {
        var calls = 0;
        _ = Run((_, _) => Interlocked.Increment(ref calls) == 1 ? throw new InvalidOperationException("bad") : Task.FromResult(ReconcileResult.Success));

        _queue.Add("a");
        await Eventually.True(() => _queue.DelayedCount == 1, "failure counted and its retry scheduled");
        Assert.Equal(1, _queue.NumRequeues("a"));
        _time.Advance(TimeSpan.FromMilliseconds(5));
        await Eventually.True(() => calls == 2 && _queue.NumRequeues("a") == 0, "retried and succeeded");
    }

    [Fact]
    public async Task RequeueAfter_ReconcilesTheKeyAgainAfterTheDelay()
    {
        var calls = 0;
        _ = Run((_, _) => Task.FromResult(Interlocked.Increment(ref calls) == 1 ? ReconcileResult.Requeue(TimeSpan.FromMinutes(1)) : ReconcileResult.Success));

        _queue.Add("a");
        await Eventually.True(() => calls == 1 && _queue.DelayedCount == 1, "first reconcile asked for a requeue");
        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(0, _queue.Depth);
        _time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.True(() => calls == 2, "second reconcile after one minute");
    }

    [Fact]
    public async Task SameKey_NeverRunsInTwoWorkersAtOnce_AndAnAddDuringProcessingRunsItOnceMore()
    {
        var running = 0;
        var maxRunning = 0;
        var calls = 0;
        var release = new TaskCompletionSource();
        _ = Run(async (_, _) =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref maxRunning, now);
            if (Interlocked.Increment(ref calls) == 1)
            {
                await release.Task;
            }

            Interlocked.Decrement(ref running);
            return ReconcileResult.Success;
        }, workers: 4);

        _queue.Add("a");
        await Eventually.True(() => calls == 1, "first run started");
        _queue.Add("a");
        _queue.Add("a");
        release.SetResult();

        await Eventually.True(() => calls == 2 && running == 0, "second run after the first finished");
        Assert.Equal(1, maxRunning);
        Assert.Equal(0, _queue.Depth);
    }

    [Fact]
    public async Task DifferentKeys_RunConcurrently_UpToTheWorkerCount()
    {
        var running = 0;
        var release = new TaskCompletionSource();
        _ = Run(async (_, _) =>
        {
            Interlocked.Increment(ref running);
            await release.Task;
            return ReconcileResult.Success;
        }, workers: 2);

        _queue.Add("a");
        _queue.Add("b");
        _queue.Add("c");

        await Eventually.True(() => running == 2, "two keys in flight");
        Assert.Equal(1, _queue.Depth);
        release.SetResult();
        await Eventually.True(() => running == 3 && _queue.Depth == 0, "third key after one finished");
    }

    [Fact]
    public async Task Cancellation_StopsWorkersAtOnce_AndPutsTheInFlightKeyBackWithoutCountingAFailure()
    {
        var started = 0;
        var run = Run(async (_, ct) =>
        {
            Interlocked.Increment(ref started);
            await Task.Delay(Timeout.Infinite, ct);
            return ReconcileResult.Success;
        });

        _queue.Add("a");
        await Eventually.True(() => started == 1, "reconcile started");
        await _stop.CancelAsync();

        await run.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, _queue.Depth);
        Assert.Equal(0, _queue.NumRequeues("a"));
        Assert.Empty(_metrics.Outcomes);
    }

    [Fact]
    public async Task ShutDownQueue_LetsTheInFlightReconcileFinish_ThenTheWorkersExit()
    {
        var release = new TaskCompletionSource();
        var finished = false;
        var run = Run(async (_, _) =>
        {
            await release.Task;
            finished = true;
            return ReconcileResult.Success;
        });

        _queue.Add("a");
        await Eventually.True(() => _queue.Depth == 0, "key taken");
        _queue.ShutDown();
        Assert.False(run.IsCompleted);
        release.SetResult();

        await run.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(finished);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
