using TenantOperator.Runtime.LeaderElection;
using TenantOperator.Runtime.Metrics;

namespace TenantOperator.Tests.Runtime.LeaderElection;

public sealed class LeaderElectionLoopTests : IDisposable
{
    private static readonly TimeSpan RetryPeriod = new LeaderElectionOptions().RetryPeriod;
    private readonly TimerAwareFakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly ScriptedCampaign _campaign = new();
    private readonly CountingReleaser _releaser = new();
    private readonly RuntimeMetrics _metrics = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly LeaderElectionLoop _loop;
    private readonly List<CancellationToken> _terms = [];
    private int _termsEnded;

    public LeaderElectionLoopTests()
    {
        _loop = new LeaderElectionLoop(_campaign, _releaser, new LeaderElectionOptions(), _time, metrics: _metrics.Leader);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }

    private int Terms
    {
        get
        {
            lock (_terms)
            {
                return _terms.Count;
            }
        }
    }

    // The leader's work: runs until its term's token is cancelled.
    private async Task Work(CancellationToken term)
    {
        lock (_terms)
        {
            _terms.Add(term);
        }

        try
        {
            await Task.Delay(Timeout.Infinite, term);
        }
        finally
        {
            Interlocked.Increment(ref _termsEnded);
        }
    }

    private Task Start(Func<CancellationToken, Task>? work = null) => _loop.RunAsync(work ?? Work, _stop.Token);

    [Fact]
    public async Task Follower_RunsNoWork_AndExportsLeader0_UntilItAcquiresTheLease()
    {
        _ = Start();

        await Eventually.True(() => _campaign.Runs == 1, "campaigning");
        Assert.False(_loop.IsLeader);
        Assert.Equal("someone-else", _loop.CurrentLeader);
        Assert.Equal(0, Terms);

        // Exported before it ever leads (read from the text, since IsLeader would create the series itself), and not
        // counted as a leadership change.
        var exported = await _metrics.ExportAsTextAsync();
        Assert.Contains("tenant_operator_leader_is_leader{lease=\"tenant-operator\"} 0\n", exported);
        Assert.DoesNotContain("tenant_operator_leader_transitions_total{", exported);

        _campaign.Grant();
        await Eventually.True(() => Terms == 1, "work started on acquiring");
        Assert.True(_loop.IsLeader);
        Assert.Equal(1, _metrics.Leader.IsLeader("tenant-operator"));
    }

    [Fact]
    public async Task LosingTheLease_CancelsTheWorkAtOnce()
    {
        _ = Start();
        _campaign.Grant();
        await Eventually.True(() => Terms == 1, "leading");

        _campaign.Revoke();

        await Eventually.True(() => Volatile.Read(ref _termsEnded) == 1, "work stopped");
        Assert.False(_loop.IsLeader);
        Assert.Equal(0, _metrics.Leader.IsLeader("tenant-operator"));
        Assert.Equal(0, _releaser.Releases);
    }

    [Fact]
    public async Task AfterLosing_ItCampaignsAgainAfterOneRetryPeriod_AndLeadsAgain()
    {
        _ = Start();
        _campaign.Grant();
        await Eventually.True(() => Terms == 1, "leading");
        _campaign.Revoke();
        await Eventually.True(() => Volatile.Read(ref _termsEnded) == 1, "lost");

        var wait = await _time.WaitForArmedAsync(t => t.DueTime == RetryPeriod, "the wait before campaigning again");
        _time.Advance(wait.Remaining - TimeSpan.FromTicks(1));
        Assert.Equal(1, _campaign.Runs);
        _time.Advance(TimeSpan.FromTicks(1));
        await Eventually.True(() => _campaign.Runs == 2, "second campaign after the retry period");

        _campaign.Grant();
        await Eventually.True(() => Terms == 2 && _loop.IsLeader, "leading again");
    }

    [Fact]
    public async Task FailedCampaign_IsRetriedAfterOneRetryPeriod()
    {
        _campaign.FailNextRun(new HttpRequestException("API server unreachable"));
        _ = Start();

        await Eventually.True(() => _campaign.Runs == 1, "first campaign failed");
        await _time.FireAsync(RetryPeriod, "the wait before campaigning again");
        await Eventually.True(() => _campaign.Runs == 2, "retried");
    }

    [Fact]
    public async Task GracefulShutdownWhileLeading_StopsTheWork_AndReleasesTheLease()
    {
        var run = Start();
        _campaign.Grant();
        await Eventually.True(() => Terms == 1, "leading");

        await _stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(1, Volatile.Read(ref _termsEnded));
        Assert.Equal(1, _releaser.Releases);
        Assert.False(_loop.IsLeader);
    }

    [Fact]
    public async Task ShutdownOfAFollower_ReleasesNothing()
    {
        var run = Start();
        await Eventually.True(() => _campaign.Runs == 1, "campaigning");

        await _stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(0, _releaser.Releases);
    }

    [Fact]
    public async Task WorkThatFails_MakesTheLeaderStepDownAndRelease_ThenCampaignAgain()
    {
        var attempts = 0;
        _ = Start(_ => Interlocked.Increment(ref attempts) == 1 ? throw new InvalidOperationException("workers crashed") : Work(_));
        _campaign.Grant();

        await Eventually.True(() => _releaser.Releases == 1 && !_loop.IsLeader, "stepped down and released");
        await _time.FireAsync(RetryPeriod, "the wait before campaigning again");
        await Eventually.True(() => _campaign.Runs == 2, "campaigning again");
    }

    [Fact]
    public void Options_RefuseTimingsWhereTwoLeadersCouldOverlap()
    {
        var error = Assert.Throws<ArgumentException>(() => new LeaderElectionOptions { LeaseDuration = TimeSpan.FromSeconds(10), RenewDeadline = TimeSpan.FromSeconds(10) }.Validate());
        Assert.Contains("LeaseDuration", error.Message);
        Assert.Throws<ArgumentException>(() => new LeaderElectionOptions { RenewDeadline = TimeSpan.FromSeconds(1) }.Validate());
        Assert.Equal((15, 10, 2), ((int)new LeaderElectionOptions().LeaseDuration.TotalSeconds, (int)new LeaderElectionOptions().RenewDeadline.TotalSeconds, (int)new LeaderElectionOptions().RetryPeriod.TotalSeconds));
    }
}
