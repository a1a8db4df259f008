namespace TenantOperator.LocalApiServer.Objects;

/// <summary>The options of a delete: propagation, preconditions and dry run.</summary>
internal sealed record DeleteRequest(PropagationPolicy? Propagation, string? PreconditionUid, string? PreconditionResourceVersion, bool DryRun)
{
    public static DeleteRequest Default { get; } = new(null, null, null, false);
}
