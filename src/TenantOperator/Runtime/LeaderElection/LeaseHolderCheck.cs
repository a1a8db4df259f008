using k8s.LeaderElection;

namespace TenantOperator.Runtime.LeaderElection;

/// <summary>
/// An <see cref="ILock"/> that passes every call through and looks at what each read of the lease finds. While this
/// instance leads, a record held by another identity means the lease was taken (by a replica that won it across a
/// partition, or by hand): <paramref name="taken"/> is told at once, with the holder. KubernetesClient 21's elector,
/// finding another holder at its renew, only retries, every retry period, until its renew deadline; meanwhile it
/// goes on reporting this instance as the leader.
/// </summary>
/// <remarks>
/// An empty holder is a released lease, not a taken one: the elector takes it back, and nobody else led meanwhile.
/// A deleted lease reads as not found; the elector creates it again, or finds the replica that did.
/// </remarks>
internal sealed class LeaseHolderCheck(ILock inner, Action<string> taken) : ILock
{
    private volatile bool _leading;

    /// <inheritdoc />
    public string Identity => inner.Identity;

    /// <summary>Set while this instance leads; the check looks only then.</summary>
    public bool Leading
    {
        get => _leading;
        set => _leading = value;
    }

    /// <inheritdoc />
    public async Task<LeaderElectionRecord> GetAsync(CancellationToken cancellationToken = default)
    {
        var record = await inner.GetAsync(cancellationToken).ConfigureAwait(false);
        if (_leading && record?.HolderIdentity is { Length: > 0 } holder && holder != inner.Identity)
        {
            _leading = false;
            taken(holder);
        }

        return record!;
    }

    /// <inheritdoc />
    public Task<bool> CreateAsync(LeaderElectionRecord record, CancellationToken cancellationToken = default) => inner.CreateAsync(record, cancellationToken);

    /// <inheritdoc />
    public Task<bool> UpdateAsync(LeaderElectionRecord record, CancellationToken cancellationToken = default) => inner.UpdateAsync(record, cancellationToken);

    /// <inheritdoc />
    public string Describe() => inner.Describe();
}
