namespace TenantOperator.LocalApiServer.Objects;

/// <summary>The options of a delete: propagation, preconditions and dry run.</summary>
internal sealed record DeleteRequest(PropagationPolicy? Propagation, string? PreconditionUid, string? PreconditionResourceVersion, bool DryRun)
{
    /// <summary>Who asks, for admission; null for the server's own deletions, which are not admitted.</summary>
    public Authentication.UserInfo? User { get; init; }

    public static DeleteRequest Default { get; } = new(null, null, null, false);
}
