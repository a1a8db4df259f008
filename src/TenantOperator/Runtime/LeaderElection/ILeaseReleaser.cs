namespace TenantOperator.Runtime.LeaderElection;

/// <summary>Gives up the lease on graceful shutdown so that a follower need not wait for it to expire.</summary>
public interface ILeaseReleaser
{
    /// <summary>Releases the lease if this instance still holds it; returns whether it did.</summary>
    Task<bool> ReleaseAsync(CancellationToken cancellationToken);
}
