using k8s.Autorest;
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
/// <para>
/// An empty holder is a released lease, not a taken one: the elector takes it back, and nobody else led meanwhile.
/// </para>
/// <para>
/// A deleted lease reads as not found, and the elector creates it again. When another replica made it first, that
/// create fails (409 AlreadyExists), and the elector would only read the new holder at its next try, a retry period
/// later, leading all the while. So a create that fails while this instance leads is followed at once by a read of the
/// lease, and the new holder is found in the same renew. client-go's elector (tools/leaderelection) also returns from a
/// failed create without reading; its next read, a retry period later, is when it stops calling itself the leader.
/// </para>
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
    public async Task<bool> CreateAsync(LeaderElectionRecord record, CancellationToken cancellationToken = default)
    {
        if (await inner.CreateAsync(record, cancellationToken).ConfigureAwait(false))
        {
            return true;
        }

        if (_leading)
        {
            await ReadNewHolderAsync(cancellationToken).ConfigureAwait(false);
        }

        return false;
    }

    /// <inheritdoc />
    public Task<bool> UpdateAsync(LeaderElectionRecord record, CancellationToken cancellationToken = default) => inner.UpdateAsync(record, cancellationToken);

    /// <inheritdoc />
    public string Describe() => inner.Describe();

    // Reads the lease through the check, which stops this term if another holder made it.
    private async Task ReadNewHolderAsync(CancellationToken cancellationToken)
    {
        try
        {
            await GetAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException)
        {
            // Gone again, or the server failed: the create did not fail for a new holder we can see; the elector's next try reads again.
        }
    }
}
