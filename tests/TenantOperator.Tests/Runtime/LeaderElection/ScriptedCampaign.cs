using TenantOperator.Runtime.LeaderElection;

namespace TenantOperator.Tests.Runtime.LeaderElection;

/// <summary>
/// A campaign the test drives: each run waits for <see cref="Grant"/> (or fails when told to), leads
/// until <see cref="Revoke"/> or cancellation, and counts how often it was started.
/// </summary>
internal sealed class ScriptedCampaign : ILeadershipCampaign
{
    private readonly Lock _lock = new();
    private TaskCompletionSource _granted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _revoked = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Exception? _nextFailure;
    private int _runs;

    public string Identity => "me";

    public int Runs => Volatile.Read(ref _runs);

    public void Grant()
    {
        lock (_lock)
        {
            _granted.TrySetResult();
        }
    }

    public void Revoke()
    {
        lock (_lock)
        {
            _revoked.TrySetResult();
        }
    }

    public void FailNextRun(Exception failure)
    {
        lock (_lock)
        {
            _nextFailure = failure;
        }
    }

    public async Task RunAsync(LeadershipCallbacks callbacks, CancellationToken cancellationToken)
    {
        Task granted;
        Task revoked;
        Exception? failure;
        lock (_lock)
        {
            Interlocked.Increment(ref _runs);
            failure = _nextFailure;
            _nextFailure = null;
            granted = _granted.Task;
            revoked = _revoked.Task;
        }

        if (failure is not null)
        {
            throw failure;
        }

        callbacks.NewLeader("someone-else");
        await granted.WaitAsync(cancellationToken);
        lock (_lock)
        {
            // The next run needs its own grant.
            _granted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        callbacks.NewLeader(Identity);
        callbacks.StartedLeading();
        try
        {
            await revoked.WaitAsync(cancellationToken);
            lock (_lock)
            {
                _revoked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
        finally
        {
            callbacks.StoppedLeading();
        }
    }
}

/// <summary>Counts releases.</summary>
internal sealed class CountingReleaser : ILeaseReleaser
{
    private int _releases;

    public int Releases => Volatile.Read(ref _releases);

    public Task<bool> ReleaseAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _releases);
        return Task.FromResult(true);
    }
}
