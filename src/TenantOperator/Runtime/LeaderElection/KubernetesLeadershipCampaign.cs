using k8s;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;

namespace TenantOperator.Runtime.LeaderElection;

/// <summary>
/// A campaign with KubernetesClient's <see cref="LeaderElector"/> on a <see cref="LeaseLock"/>. A new
/// elector per campaign, because an elector keeps what it observed of the previous term. A leader that finds another
/// holder in the lease at its renew (or, after the lease was deleted, made again by another replica first) stops leading
/// there and then (<see cref="LeaseHolderCheck"/>), and the campaign ends; the elector alone would keep acting as leader
/// until its renew deadline.
/// </summary>
/// <remarks>
/// KubernetesClient 21's elector runs on real time (<c>DateTimeOffset.Now</c>, <c>Task.Delay</c>):
/// it takes no <see cref="TimeProvider"/> and cannot release the lease when cancelled, so the loop
/// around it (<see cref="LeaderElectionLoop"/>) is tested with a fake campaign and releases the lease
/// itself through <see cref="LeaseReleaser"/>. It decides that another holder's lease has expired by its own clock:
/// a holder's record must stay unchanged for the record's leaseDurationSeconds from when this elector first saw it.
/// </remarks>
public sealed class KubernetesLeadershipCampaign(IKubernetes client, LeaderElectionOptions options) : ILeadershipCampaign
{
    private readonly LeaderElectionOptions _options = (options ?? throw new ArgumentNullException(nameof(options))).Validate();

    /// <inheritdoc />
    public string Identity => _options.Identity;

    /// <inheritdoc />
    public async Task RunAsync(LeadershipCallbacks callbacks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(callbacks);
        using var deposed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var stopped = 0;
        void StopLeading()
        {
            if (Interlocked.Exchange(ref stopped, 1) == 0)
            {
                callbacks.StoppedLeading();
            }
        }

        var leaseLock = new LeaseHolderCheck(new LeaseLock(client, _options.LeaseNamespace, _options.LeaseName, _options.Identity), holder =>
        {
            // Stop the work first: the other holder may be acting already. Then end this elector's term.
            StopLeading();
            callbacks.NewLeader(holder);
            deposed.Cancel();
        });
        var config = new LeaderElectionConfig(leaseLock)
        {
            LeaseDuration = _options.LeaseDuration,
            RenewDeadline = _options.RenewDeadline,
            RetryPeriod = _options.RetryPeriod,
        };
        using var elector = new LeaderElector(config);
        elector.OnStartedLeading += () =>
        {
            leaseLock.Leading = true;
            callbacks.StartedLeading();
        };
        elector.OnStoppedLeading += () =>
        {
            leaseLock.Leading = false;
            StopLeading();
        };
        elector.OnNewLeader += callbacks.NewLeader;
        try
        {
            await elector.RunUntilLeadershipLostAsync(deposed.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deposed.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // Deposed at a renew: this term is over, like one lost at the renew deadline.
        }
    }
}
