namespace TenantOperator.Runtime.Queue;

/// <summary>How a reconcile of one key ended, which decides what the worker does with the key next.</summary>
public sealed record ReconcileResult
{
    private ReconcileResult(ReconcileOutcome outcome, TimeSpan? requeueAfter, string? error)
    {
        Outcome = outcome;
        RequeueAfter = requeueAfter;
        Error = error;
    }

    /// <summary>Done: the key's failure count is cleared and it is not queued again until something changes.</summary>
    public static ReconcileResult Success { get; } = new(ReconcileOutcome.Success, null, null);

    /// <summary>What happened.</summary>
    public ReconcileOutcome Outcome { get; }

    /// <summary>For <see cref="ReconcileOutcome.RequeueAfter"/>: when to look at the key again.</summary>
    public TimeSpan? RequeueAfter { get; }

    /// <summary>For <see cref="ReconcileOutcome.Error"/>: what went wrong, for the log.</summary>
    public string? Error { get; }

    /// <summary>Done for now; look again after <paramref name="delay"/> (the failure count is cleared).</summary>
    public static ReconcileResult Requeue(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        return new(ReconcileOutcome.RequeueAfter, delay, null);
    }

    /// <summary>Failed: retry with the key's exponential backoff.</summary>
    public static ReconcileResult Failed(string error)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(error);
        return new(ReconcileOutcome.Error, null, error);
    }
}

/// <summary>The kinds of <see cref="ReconcileResult"/>; also the <c>result</c> label of the reconcile metrics.</summary>
public enum ReconcileOutcome
{
    /// <summary>Reconciled; nothing more to do.</summary>
    Success,

    /// <summary>Reconciled; look again after a delay.</summary>
    RequeueAfter,

    /// <summary>Failed (an error result or an exception); retried with backoff.</summary>
    Error,
}
