using k8s;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;

namespace TenantOperator.Runtime.LeaderElection;

/// <summary>
/// A campaign with KubernetesClient's <see cref="LeaderElector"/> on a <see cref="LeaseLock"/>. A new
/// elector per campaign, because an elector keeps what it observed of the previous term.
/// </summary>
/// <remarks>
/// KubernetesClient 21's elector runs on real time (<c>DateTimeOffset.Now</c>, <c>Task.Delay</c>):
/// it takes no <see cref="TimeProvider"/> and cannot release the lease when cancelled, so the loop
/// around it (<see cref="LeaderElectionLoop"/>) is tested with a fake campaign and releases the lease
/// itself through <see cref="LeaseReleaser"/>.
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
        var leaseLock = new LeaseLock(client, _options.LeaseNamespace, _options.LeaseName, _options.Identity);
        var config = new LeaderElectionConfig(leaseLock)
        {
            LeaseDuration = _options.LeaseDuration,
            RenewDeadline = _options.RenewDeadline,
            RetryPeriod = _options.RetryPeriod,
        };
        using var elector = new LeaderElector(config);
        elector.OnStartedLeading += callbacks.StartedLeading;
        elector.OnStoppedLeading += callbacks.StoppedLeading;
        elector.OnNewLeader += callbacks.NewLeader;
        await elector.RunUntilLeadershipLostAsync(cancellationToken).ConfigureAwait(false);
    }
}
