namespace TenantOperator.LocalApiServer.Persistence;

/// <summary>The gate of a server without a data directory: nothing is durable, so nothing waits.</summary>
internal sealed class InMemoryOnly : IDurabilityGate
{
    public static readonly InMemoryOnly Instance = new();

    private InMemoryOnly()
    {
    }

    public string? Failure => null;

    public ValueTask WhenDurableAsync(long revision, CancellationToken cancellation) => ValueTask.CompletedTask;

    public ValueTask WhenAllDurableAsync(CancellationToken cancellation) => ValueTask.CompletedTask;
}
