namespace TenantOperator.Policy.Reconciliation;

/// <summary>When a tenant whose reconcile succeeded is looked at again, though nothing it watches changes.</summary>
public static class RequeueRule
{
    /// <summary>
    /// The earlier of two waits, or null for none: the end of a rewrite loop's backoff (<paramref name="backoffEndsIn"/>,
    /// zero when already over), and <paramref name="handoverRetry"/> while another tenant's policies hold planned names
    /// (a namespace moving over: their deletion enqueues only their own tenant, so this one must look again).
    /// </summary>
    public static TimeSpan? NextLook(TimeSpan? backoffEndsIn, bool namesHeldByOtherTenants, TimeSpan handoverRetry)
    {
        TimeSpan? next = backoffEndsIn is { } wait ? (wait > TimeSpan.Zero ? wait : TimeSpan.Zero) : null;
        if (namesHeldByOtherTenants && (next is null || next > handoverRetry))
        {
            next = handoverRetry;
        }

        return next;
    }
}
