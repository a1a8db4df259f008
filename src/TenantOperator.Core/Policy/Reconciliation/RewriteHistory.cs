namespace TenantOperator.Policy.Reconciliation;

/// <summary>
/// What the operator knows of one generated policy whose last writes were undone: the plan it wrote
/// (<see cref="PlannedHash"/>), how many writes of that plan in a row the API server stored differently
/// (<see cref="RewrittenWrites"/>), how many times it has backed off (<see cref="Holds"/>), when it may write again
/// (<see cref="RetryAt"/>, null: at once), and the <see cref="Fields"/> found changed after the last write.
/// </summary>
public sealed record RewriteHistory(
    string Namespace,
    string Name,
    string PlannedHash,
    int RewrittenWrites,
    int Holds,
    DateTimeOffset? RetryAt,
    IReadOnlyList<string> Fields)
{
    /// <summary><c>namespace/name</c>.</summary>
    public string Key => $"{Namespace}/{Name}";

    /// <summary>True when the policy is in a rewrite loop: the bound of writes was reached.</summary>
    public bool InLoop => RewrittenWrites >= RewriteLoopGuard.MaxRewrittenWrites;

    /// <inheritdoc />
    public override string ToString() =>
        Fields.Count == 0 ? $"{Key} (changed)" : $"{Key} ({string.Join(", ", Fields)})";
}
