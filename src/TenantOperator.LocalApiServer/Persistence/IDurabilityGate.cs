namespace TenantOperator.LocalApiServer.Persistence;

/// <summary>
/// Holds answers back until what they show is durable, so a client never sees (and never gets
/// acknowledged) a change that a crash could still take back.
/// </summary>
internal interface IDurabilityGate
{
    /// <summary>Why durability failed (every answer is then a 500), or null.</summary>
    string? Failure { get; }

    /// <summary>Completes once the change stamped <paramref name="revision"/> (and all before it) is durable.</summary>
    ValueTask WhenDurableAsync(long revision, CancellationToken cancellation);

    /// <summary>Completes once every change committed so far is durable.</summary>
    ValueTask WhenAllDurableAsync(CancellationToken cancellation);
}
