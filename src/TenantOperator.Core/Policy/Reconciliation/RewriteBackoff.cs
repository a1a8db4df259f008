namespace TenantOperator.Policy.Reconciliation;

/// <summary>
/// How long a policy found in a rewrite loop is left alone before the operator writes it once more: <see cref="First"/>
/// after the loop is found, doubling with every further rewritten try, at most <see cref="Max"/>.
/// </summary>
public sealed record RewriteBackoff(TimeSpan First, TimeSpan Max)
{
    /// <summary>30 s, doubling to 5 min: one write per looping policy per 5 minutes once it has settled.</summary>
    public static RewriteBackoff Default { get; } = new(TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5));

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
