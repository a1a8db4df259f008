using k8s;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using TenantOperator.LocalApiServer.Faults;
using TenantOperator.Runtime.LeaderElection;
using Xunit.Abstractions;

namespace TenantOperator.Tests.Runtime.Integration;

/// <summary>
/// Leader election with KubernetesClient's real LeaderElector and LeaseLock against a LocalKubernetesApiServer
/// over HTTP. The elector runs on real time, so the assertions are orders and lower bounds, never upper bounds: a
/// loaded machine is slower, never faster. Where a test needs the lease to expire, it is short (2 s, renew deadline
/// 1.5 s); where a test needs it kept, it is long (a minute), so that no stall of the machine takes it away.
/// </summary>
public sealed class LeaderElectionIntegrationTests(ITestOutputHelper output)
{
    private readonly ITestOutputHelper _output = output;

    private static readonly TimeSpan ShortLease = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan LongLease = TimeSpan.FromMinutes(1);

    // Timers and clock reads may disagree by a tick of the system clock; lower bounds allow for it.
    private static readonly TimeSpan ClockGranularity = TimeSpan.FromMilliseconds(20);

    private static LeaderElectionOptions Options(string identity, TimeSpan leaseDuration, bool releaseOnShutdown = true) => new()
    {
        LeaseName = "tenant-operator",
        LeaseNamespace = "default",
        Identity = identity,
        LeaseDuration = leaseDuration,
        RenewDeadline = leaseDuration * 0.75,
        RetryPeriod = TimeSpan.FromMilliseconds(200),
        ReleaseOnShutdown = releaseOnShutdown,
    };

    [Fact]
    public async Task TwoInstances_ExactlyOneLeads_AndKeepsTheLeaseThroughRenewals()
    {
        await using var cluster = await LocalCluster.StartAsync();
        await using var a = new LeaderCandidate(cluster, Options("instance-a", LongLease));
        await using var b = new LeaderCandidate(cluster, Options("instance-b", LongLease));

        var (leader, follower) = await ElectedAsync(a, b);

        // Three renewals later the lease has never changed hands: every change of leadership is recorded, and the
        // leader's record is one start, the follower's is empty.
        var renewals = SuccessfulLeaseWrites(leader).Count + 3;
        await Eventually.True(() => SuccessfulLeaseWrites(leader).Count >= renewals, "the leader renewed its lease three times");
        Assert.Equal([true], leader.Changes.Select(c => c.Leading));
        Assert.Empty(follower.Changes);
        Assert.False(follower.IsWorking, "the follower runs no work");

        var lease = await cluster.Client.CoordinationV1.ReadNamespacedLeaseAsync("tenant-operator", "default");
        Assert.Equal(leader.Identity, lease.Spec.HolderIdentity);
        Assert.True(lease.Spec.RenewTime > lease.Spec.AcquireTime, "the leader renewed the lease");
        Assert.True(leader.IsWorking);
        Assert.Equal((1, 0), (leader.Terms, follower.Terms));
        Assert.Equal(leader.Identity, follower.Loop.CurrentLeader);
        Assert.Equal(1, leader.Metrics.Leader.IsLeader("tenant-operator"));
        Assert.Equal(0, follower.Metrics.Leader.IsLeader("tenant-operator"));
    }

    [Fact]
    public async Task GracefulShutdownOfTheLeader_ReleasesTheLease_AndTheFollowerTakesOverLongBeforeItWouldExpire()
    {
        await using var cluster = await LocalCluster.StartAsync();
        await using var a = new LeaderCandidate(cluster, Options("instance-a", LongLease));
        await using var b = new LeaderCandidate(cluster, Options("instance-b", LongLease));
        var (leader, follower) = await ElectedAsync(a, b);

        // The lease lasts a minute, longer than this wait: a follower that takes over within it was let in by the
        // release, not by an expiry. An order, not a stopwatch: the release was sent before the takeover.
        Assert.True(Eventually.DefaultDeadline < LongLease);
        await leader.StopAsync();
        await Eventually.True(() => follower.IsLeader && follower.IsWorking, "the follower takes over and its work starts");

        Assert.Contains(leader.Log.Lines, l => l.Contains("Released lease default/tenant-operator", StringComparison.Ordinal));
        AssertHandedOver(leader, follower);
        var release = SuccessfulLeaseWrites(leader)[^1];
        Assert.True(release.Sent <= follower.StartedLeadingAt, "the follower led before the lease was released");
        var lease = await cluster.Client.CoordinationV1.ReadNamespacedLeaseAsync("tenant-operator", "default");
        Assert.Equal(follower.Identity, lease.Spec.HolderIdentity);
        Assert.Equal((int)LongLease.TotalSeconds, lease.Spec.LeaseDurationSeconds);
        Assert.True(follower.IsWorking);
        Assert.False(leader.IsWorking);
    }

    [Fact]
    public async Task KilledLeader_WithoutARelease_IsReplacedOnlyAfterTheLeaseExpires()
    {
        await using var cluster = await LocalCluster.StartAsync();
        await using var a = new LeaderCandidate(cluster, Options("instance-a", ShortLease, releaseOnShutdown: false));
        await using var b = new LeaderCandidate(cluster, Options("instance-b", ShortLease, releaseOnShutdown: false));
        var (leader, follower) = await ElectedAsync(a, b);
        await leader.StopAsync();
        Assert.False(leader.IsWorking);
        Assert.DoesNotContain(leader.Log.Lines, l => l.Contains("Released lease", StringComparison.Ordinal));
        // Not released: a release empties the holder. On a slow machine the lease may already have expired and passed to
        // the follower by the time it is read; the takeover's timing below proves it was not handed over early.
        var heldBy = (await cluster.Client.CoordinationV1.ReadNamespacedLeaseAsync("tenant-operator", "default")).Spec.HolderIdentity;
        Assert.Contains(heldBy, new[] { leader.Identity, follower.Identity });
        await Eventually.True(() => follower.IsLeader && follower.IsWorking, "the follower takes over and its work starts");
        AssertHandedOver(leader, follower);

        // The follower may take an unreleased lease only once it has seen no renewal for a whole lease duration.
        // The renewal was sent before the follower could see it, so this lower bound holds however slow the machine is.
        var lastRenewal = LastRenewal(leader);
        var takeover = follower.StartedLeadingAt!.Value;
        Assert.True(takeover - lastRenewal >= ShortLease - ClockGranularity, $"the follower took the lease {takeover - lastRenewal} after the last renewal, before it expired");
        var lease = await cluster.Client.CoordinationV1.ReadNamespacedLeaseAsync("tenant-operator", "default");
        Assert.Equal(follower.Identity, lease.Spec.HolderIdentity);
        Assert.True(lease.Spec.LeaseTransitions >= 1);
        Assert.True(follower.IsWorking);
    }

    [Fact]
    public async Task LeaderThatCannotRenew_StopsItsWorkAtTheRenewDeadline_AndTheLoopsCampaignAgainWhenTheServerRecovers()
    {
        await using var cluster = await LocalCluster.StartAsync();
        await using var a = new LeaderCandidate(cluster, Options("instance-a", ShortLease));
        await using var b = new LeaderCandidate(cluster, Options("instance-b", ShortLease));
        var (leader, follower) = await ElectedAsync(a, b);

        // Every lease write now fails with 500: the leader cannot renew, and nobody can take over.
        cluster.Server.Faults.FailNext("update", "leases", int.MaxValue, FaultKind.InternalError);
        // The loop cancels the term, then reports the loss; the work ends on its own thread a moment later (or, when
        // the thread pool had not yet started it, starts and ends at once on the cancelled term): wait for both.
        await Eventually.True(() => !leader.IsLeader && !leader.IsWorking, "the leader gives up and its work ends");
        var gaveUp = leader.Changes[^1];
        Assert.False(gaveUp.Leading);
        Assert.False(follower.IsLeader);

        // It kept trying for the renew deadline (1.5 s). That round of renewal began after its last successful lease
        // write had been answered, so this lower bound holds however slow the machine is.
        var lastSuccess = SuccessfulLeaseWrites(leader)[^1];
        Assert.True(gaveUp.At - lastSuccess.Answered >= TimeSpan.FromSeconds(1.5) - ClockGranularity,
            $"the leader gave up {gaveUp.At - lastSuccess.Answered} after its last successful renewal");
        Assert.True(cluster.Server.Counters.Count("update", "leases", 500) >= 1, "the leader tried to renew");

        cluster.Server.Faults.Clear();
        // Leadership is reported a moment before the work of the term starts: wait for both.
        await Eventually.True(() => (a.IsLeader && a.IsWorking) || (b.IsLeader && b.IsWorking), "a leader again, working, after the server recovers");
        var (next, other) = a.IsLeader ? (a, b) : (b, a);
        Assert.False(other.IsLeader);
        Assert.True(next.IsWorking);
        Assert.Equal(next.Identity, (await cluster.Client.CoordinationV1.ReadNamespacedLeaseAsync("tenant-operator", "default")).Spec.HolderIdentity);
    }

    [Fact]
    public async Task ALeaderThatFindsAnotherHolderAtItsRenew_StopsItsWorkThere_NotAtItsRenewDeadline()
    {
        await using var cluster = await LocalCluster.StartAsync();

        // Renew deadline 45 s: a leader that kept trying until then would still be working when the poll gives up (20 s).
        await using var leader = new LeaderCandidate(cluster, Options("instance-a", LongLease));
        await Eventually.True(() => leader.IsWorking, "instance-a leads");
        await Eventually.True(() => SuccessfulLeaseWrites(leader).Count >= 2, "instance-a renewed once");

        var (stealSent, stealAnswered) = await StealLeaseAsync(cluster, "thief");
        await Eventually.True(() => !leader.IsWorking, "the deposed leader stops its work");

        var stopped = leader.Changes[^1];
        Assert.False(stopped.Leading, "the leader never reported that it stopped leading");
        Assert.False(leader.IsLeader);
        Assert.Equal(0, leader.Metrics.Leader.IsLeader("tenant-operator"));
        Assert.True(stopped.At >= stealSent, "stopped before the lease was taken");

        // It stopped at the renew that read the thief's record: once a read had certainly seen it (sent after the steal
        // was answered), the leader sent no other lease request before it stopped. The elector alone would have read
        // again every 200 ms until its renew deadline.
        var leaseRequests = leader.Requests.Requests.Where(r => r.Path.EndsWith("/leases/tenant-operator", StringComparison.Ordinal)).OrderBy(r => r.Sent).ToList();
        var sure = leaseRequests.First(r => r.Verb == "get" && r.Sent >= stealAnswered);
        Assert.DoesNotContain(leaseRequests, r => r.Sent > sure.Answered && r.Sent < stopped.At);
        Assert.DoesNotContain(leaseRequests, r => r.Verb == "update" && r.Code == 200 && r.Sent >= stealSent);
        Assert.Equal("thief", (await cluster.Client.CoordinationV1.ReadNamespacedLeaseAsync("tenant-operator", "default")).Spec.HolderIdentity);
        Assert.Equal("thief", leader.Loop.CurrentLeader);
        _output.WriteLine($"work stopped {(stopped.At - stealAnswered).TotalMilliseconds:F0} ms after the steal was answered " +
            $"({(stopped.At - sure.Answered).TotalMilliseconds:F0} ms after the renew that saw it was answered; retry period {Options("x", LongLease).RetryPeriod.TotalMilliseconds:F0} ms)");
    }

    [Fact]
    public async Task ALeaderWhoseDeletedLeaseAnotherMadeFirst_StopsInTheRenewWhoseCreateFailed_AndWritesTheLeaseNoMore()
    {
        await using var cluster = await LocalCluster.StartAsync();

        // A retry period of an hour: the elector renews once right after it acquires, and then not for an hour. A leader that
        // found the new holder only at its next try would still be working when the poll below gives up.
        var options = new LeaderElectionOptions
        {
            LeaseName = "tenant-operator",
            LeaseNamespace = "default",
            Identity = "instance-a",
            LeaseDuration = TimeSpan.FromHours(3),
            RenewDeadline = TimeSpan.FromHours(2),
            RetryPeriod = TimeSpan.FromHours(1),
        };
        var loopTime = new FakeTimeProvider();
        var race = new LeaseDeletedAndRecreated(
            () => cluster.Client.CoordinationV1.DeleteNamespacedLeaseAsync("tenant-operator", "default"),
            () => cluster.Client.CoordinationV1.CreateNamespacedLeaseAsync(ThiefLease(), "default"));
        await using var leader = new LeaderCandidate(cluster, options, race, loopTime);

        // Its first read finds no lease and it creates one; its renew reads again, and just before that read the lease is
        // deleted; just before its create, another identity creates the lease.
        await Eventually.True(() => leader.Changes.Count == 2, "instance-a starts and stops leading");
        Assert.Equal([true, false], leader.Changes.Select(c => c.Leading));
        Assert.False(leader.IsLeader);
        Assert.False(leader.IsWorking);
        Assert.Equal(0, leader.Metrics.Leader.IsLeader("tenant-operator"));
        Assert.Equal("thief", leader.Loop.CurrentLeader);

        // It stopped in the renew whose create failed: the one read after that create, not a read of a later try.
        var atStop = leader.RequestsAtChange[1];
        var beforeStop = leader.Requests.Requests.Take(atStop).Select(r => $"{r.Verb} {r.Code}");
        Assert.Equal(["get 404", "create 201", "get 404", "create 409", "get 200"], beforeStop);

        // The loop campaigns again after its retry period (its own clock): that campaign only reads, finds the thief's
        // unexpired lease, and writes nothing.
        await Eventually.True(() =>
        {
            loopTime.Advance(options.RetryPeriod);
            return leader.Requests.Requests.Skip(atStop).Any(r => r.Verb == "get");
        }, "instance-a campaigns again and reads the lease");
        Assert.DoesNotContain(leader.Requests.Requests.Skip(atStop), r => r.Verb is "create" or "update" or "patch" or "delete");
        Assert.Equal(1, leader.Terms);
        Assert.False(leader.IsLeader);
        Assert.Equal("thief", (await cluster.Client.CoordinationV1.ReadNamespacedLeaseAsync("tenant-operator", "default")).Spec.HolderIdentity);
        _output.WriteLine($"requests of instance-a: {string.Join(", ", leader.Requests.Requests.Select(r => $"{r.Verb} {r.Code}"))}; stopped after the first {atStop}");
    }

    // The lease as another replica creates it after a deletion.
    private static V1Lease ThiefLease()
    {
        var now = DateTime.UtcNow;
        return new V1Lease
        {
            Metadata = new V1ObjectMeta { Name = "tenant-operator", NamespaceProperty = "default" },
            Spec = new V1LeaseSpec { HolderIdentity = "thief", LeaseDurationSeconds = 10800, AcquireTime = now, RenewTime = now, LeaseTransitions = 0 },
        };
    }

    /// <summary>
    /// On a candidate's client, nearest the network: just before its second read of the lease (the first renew after it
    /// acquired), deletes the lease; just before its next create, creates it for another identity. So the renew reads
    /// "not found" and its create loses, in that order, whatever the machine's speed.
    /// </summary>
    private sealed class LeaseDeletedAndRecreated(Func<Task> deleteLease, Func<Task> createForAnother) : DelegatingHandler
    {
        private int _reads;
        private int _createArmed;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var path = request.RequestUri!.AbsolutePath;
            if (request.Method == HttpMethod.Get && path.EndsWith("/leases/tenant-operator", StringComparison.Ordinal) && Interlocked.Increment(ref _reads) == 2)
            {
                await deleteLease();
                Volatile.Write(ref _createArmed, 1);
            }
            else if (request.Method == HttpMethod.Post && path.EndsWith("/leases", StringComparison.Ordinal) && Interlocked.Exchange(ref _createArmed, 0) == 1)
            {
                await createForAnother();
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }

    // Takes the lease as another replica would: holder, renew and acquire times, a transition. Returns when the write was sent and answered.
    private static Task<(DateTimeOffset Sent, DateTimeOffset Answered)> StealLeaseAsync(LocalCluster cluster, string identity) =>
        // A conflict means the leader renewed in between: read again.
        Conflicts.RetryAsync(async () =>
        {
            var lease = await cluster.Client.CoordinationV1.ReadNamespacedLeaseAsync("tenant-operator", "default");
            var sent = DateTimeOffset.UtcNow;
            lease.Spec.HolderIdentity = identity;
            lease.Spec.LeaseDurationSeconds = (int)LongLease.TotalSeconds;
            lease.Spec.AcquireTime = sent.UtcDateTime;
            lease.Spec.RenewTime = sent.UtcDateTime;
            lease.Spec.LeaseTransitions = (lease.Spec.LeaseTransitions ?? 0) + 1;
            await cluster.Client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, "tenant-operator", "default");
            return (sent, DateTimeOffset.UtcNow);
        });

    // The old leader reports that it stopped leading (and its work stopped) before the new one started.
    private static void AssertHandedOver(LeaderCandidate old, LeaderCandidate next)
    {
        Assert.False(old.IsLeader);
        Assert.False(old.IsWorking);
        Assert.Equal(0, old.Metrics.Leader.IsLeader("tenant-operator"));
        var stopped = old.Changes[^1];
        Assert.False(stopped.Leading, "the old leader never reported that it stopped leading");
        Assert.True(stopped.At <= next.StartedLeadingAt, "the old leader stopped before the new one started");
        Assert.True(next.IsWorking);
        Assert.Equal(1, next.Metrics.Leader.IsLeader("tenant-operator"));
    }

    // When the leader sent its last successful write of the lease while it held it: the create that acquired it or
    // a renewal (PUT). A release is the PUT after them and does not count.
    private static DateTimeOffset LastRenewal(LeaderCandidate leader)
    {
        var writes = SuccessfulLeaseWrites(leader);
        var released = leader.Log.Lines.Any(l => l.Contains("Released lease", StringComparison.Ordinal));
        return (released ? writes[^2] : writes[^1]).Sent;
    }

    // The creates and updates of the lease that this instance sent and the server accepted, in the order sent.
    private static List<LoggedRequest> SuccessfulLeaseWrites(LeaderCandidate candidate) =>
        [.. candidate.Requests.Requests
            .Where(r => (r.Verb == "create" && r.Code == 201 && r.Path.EndsWith("/leases", StringComparison.Ordinal))
                || (r.Verb == "update" && r.Code == 200 && r.Path.EndsWith("/leases/tenant-operator", StringComparison.Ordinal)))
            .OrderBy(r => r.Sent)];

    // Waits until one of the two leads and the other has seen it; asserts it is exactly one.
    private static async Task<(LeaderCandidate Leader, LeaderCandidate Follower)> ElectedAsync(LeaderCandidate a, LeaderCandidate b)
    {
        await Eventually.True(() => (a.IsLeader || b.IsLeader) && a.IsWorking != b.IsWorking, "a leader is elected");
        var (leader, follower) = a.IsLeader ? (a, b) : (b, a);
        Assert.False(follower.IsLeader, "two leaders");
        await Eventually.True(() => follower.Loop.CurrentLeader == leader.Identity, "the follower sees the leader");
        return (leader, follower);
    }
}
