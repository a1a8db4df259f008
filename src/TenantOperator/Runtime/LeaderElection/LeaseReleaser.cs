using k8s;

namespace TenantOperator.Runtime.LeaderElection;

/// <summary>
/// Releases a Lease as client-go's ReleaseOnCancel does: if we still hold it, set holderIdentity to
/// empty and leaseDurationSeconds to 1, with renewTime now. KubernetesClient's elector (and
/// client-go's) treats an empty holder as free and takes it on its next retry, so a handover takes
/// about one retry period instead of a lease duration. The replace carries the resourceVersion just
/// read, so a lease that changed hands meanwhile is left alone (409).
/// </summary>
public sealed class LeaseReleaser(IKubernetes client, LeaderElectionOptions options, TimeProvider? timeProvider = null) : ILeaseReleaser
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    /// <inheritdoc />
    public async Task<bool> ReleaseAsync(CancellationToken cancellationToken)
    {
        var lease = await client.CoordinationV1.ReadNamespacedLeaseAsync(options.LeaseName, options.LeaseNamespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (lease.Spec?.HolderIdentity != options.Identity)
        {
            return false;
        }

        var now = _time.GetUtcNow().UtcDateTime;
        lease.Spec.HolderIdentity = "";
        lease.Spec.LeaseDurationSeconds = 1;
        lease.Spec.RenewTime = now;
        lease.Spec.AcquireTime = now;
        await client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, options.LeaseName, options.LeaseNamespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        return true;
    }
}
