namespace TenantOperator.LocalApiServer.Objects;

/// <summary>What happens to an object's dependents when it is deleted (DeleteOptions.propagationPolicy).</summary>
internal enum PropagationPolicy
{
    /// <summary>Delete the owner now; the garbage collector deletes the dependents afterwards.</summary>
    Background,

    /// <summary>Keep the owner (finalizer <c>foregroundDeletion</c>) until its blocking dependents are gone.</summary>
    Foreground,

    /// <summary>Keep the dependents, removing their ownerReferences (finalizer <c>orphan</c>).</summary>
    Orphan,
}
