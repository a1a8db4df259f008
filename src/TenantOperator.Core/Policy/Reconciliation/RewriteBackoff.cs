namespace TenantOperator.Policy.Reconciliation;

/// <summary>
/// How long a policy found in a rewrite loop is left alone before the operator writes it once more: <see cref="First"/>
/// after the loop is found, doubling with every further rewritten try, at most <see cref="Max"/>.
/// </summary>
public sealed record RewriteBackoff
{
    /// <summary>A backoff; <paramref name="first"/> must be positive (zero would write a looping policy on every pass)
    /// and <paramref name="max"/> at least <paramref name="first"/>.</summary>
    public RewriteBackoff(TimeSpan first, TimeSpan max)
    {
        if (first <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(first), $"RewriteBackoff: Invalid value: \"{first}\": must be more than 0, or a policy someone rewrites is written on every pass");
        }

        if (max < first)
        {
            throw new ArgumentOutOfRangeException(nameof(max), $"RewriteBackoffMax: Invalid value: \"{max}\": must be at least RewriteBackoff ({first})");
        }

        (First, Max) = (first, max);
    }

    /// <summary>30 s, doubling to 5 min: one write per looping policy per 5 minutes once it has settled.</summary>
    public static RewriteBackoff Default { get; } = new(TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5));

    /// <summary>The wait after a loop is found.</summary>
    public TimeSpan First { get; }

    /// <summary>The longest wait.</summary>
    public TimeSpan Max { get; }

    /// <summary>The wait after the <paramref name="hold"/>th hold (1-based).</summary>
    public TimeSpan After(int hold)
    {
        var wait = First;
        for (var i = 1; i < hold && wait < Max; i++)
        {
            wait *= 2;
        }

        return wait < Max ? wait : Max;
    }
}
