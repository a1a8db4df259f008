namespace TenantOperator.Runtime.LeaderElection;

/// <summary>Settings of leader election on a coordination.k8s.io/v1 Lease.</summary>
public sealed record LeaderElectionOptions
{
    /// <summary>Name of the Lease.</summary>
    public string LeaseName { get; init; } = "tenant-operator";

    /// <summary>Namespace of the Lease (the operator's own).</summary>
    public string LeaseNamespace { get; init; } = "default";

    /// <summary>This instance's identity in the Lease; unique per process (pod name plus a random suffix).</summary>
    public string Identity { get; init; } = $"{Environment.MachineName}_{Guid.NewGuid():N}";

    /// <summary>How long followers wait after the last renewal before they take over a silent leader's lease.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the leader keeps trying to renew before it gives up leading.</summary>
    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often candidates try to acquire, and the leader to renew.</summary>
    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Release the lease on graceful shutdown so that a follower takes over within a retry period.</summary>
    public bool ReleaseOnShutdown { get; init; } = true;

    /// <summary>Throws when the timings cannot work: the leader must give up before its lease runs out.</summary>
    public LeaderElectionOptions Validate()
    {
        if (string.IsNullOrWhiteSpace(LeaseName) || string.IsNullOrWhiteSpace(LeaseNamespace) || string.IsNullOrWhiteSpace(Identity))
        {
            throw new ArgumentException($"Leader election needs a lease name, a lease namespace and an identity (got name '{LeaseName}', namespace '{LeaseNamespace}', identity '{Identity}').");
        }

        if (RetryPeriod <= TimeSpan.Zero)
        {
            throw new ArgumentException($"Leader election RetryPeriod must be positive (got {RetryPeriod}).");
        }

        if (RenewDeadline <= RetryPeriod)
        {
            throw new ArgumentException($"Leader election RenewDeadline ({RenewDeadline}) must be longer than RetryPeriod ({RetryPeriod}).");
        }

        if (LeaseDuration <= RenewDeadline)
        {
            throw new ArgumentException(
                $"Leader election LeaseDuration ({LeaseDuration}) must be longer than RenewDeadline ({RenewDeadline}), or two instances could lead at once.");
        }

        return this;
    }
}
