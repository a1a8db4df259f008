namespace TenantOperator.LocalApiServer.Patching;

/// <summary>How a strategic merge patch treats one list field of a built-in kind.</summary>
/// <param name="MergeKey">The key that identifies items of a list of objects (e.g. <c>name</c> for containers);
/// null for a list of primitives merged as a set.</param>
internal sealed record ListStrategy(string? MergeKey)
{
    /// <summary>A list of primitives merged as a set (<c>patchStrategy: merge</c> without a key), e.g. finalizers.</summary>
    public static ListStrategy Set { get; } = new((string?)null);

    /// <summary>A list of objects merged item by item on <paramref name="key"/>.</summary>
    public static ListStrategy ByKey(string key) => new(key);
}
