using k8s.Models;
using TenantOperator.Api;

namespace TenantOperator.Policy.Reconciliation;

/// <summary>
/// Stops the operator from fighting someone who changes its policies on every write (a mutating webhook, another
/// controller, a server that defaults differently from the plan). A write counts as rewritten when the object the API
/// server answers with, what it stored, does not match the plan written. After <see cref="MaxRewrittenWrites"/>
/// rewritten writes in a row of the same plan (same content hash) to the same policy, the policy is in a loop: it is
/// not written again until a backoff has passed, then written once more, which either sticks (the loop is over, the
/// history forgotten) or is rewritten again (a longer wait). A new plan for the policy starts afresh, and so does a
/// pass that finds the policy as planned. Pure: the caller keeps the histories (per tenant) and the clock.
/// </summary>
public static class RewriteLoopGuard
{
    /// <summary>Rewritten writes of one plan in a row before the policy is held back (the first create or update included).</summary>
    public const int MaxRewrittenWrites = 3;

    /// <summary>
    /// The changes to make now: <paramref name="changes"/> without the writes of policies whose backoff has not passed.
    /// The returned histories keep only policies that still differ from the same plan; a policy the pass finds as
    /// planned (no write), or planned differently now, is forgotten.
    /// </summary>
    public static (PolicyChangeSet ToApply, IReadOnlyDictionary<string, RewriteHistory> Histories) Hold(
        PolicyChangeSet changes, IReadOnlyDictionary<string, RewriteHistory> histories, DateTimeOffset now)
    {
        var kept = new Dictionary<string, RewriteHistory>(StringComparer.Ordinal);
        var toApply = new List<PolicyWrite>();
        foreach (var write in changes.Writes)
        {
            if (write.Desired is null || !histories.TryGetValue(write.Key, out var history) || history.PlannedHash != HashOf(write.Desired))
            {
                toApply.Add(write);
                continue;
            }

            kept[write.Key] = history;
            if (history.RetryAt is not { } retryAt || retryAt <= now)
            {
                toApply.Add(write);
            }
        }

        // Only the writes change: the owner, the unowned and the held-by-others reports stay as the diff found them.
        return (changes with { Writes = toApply }, kept);
    }

    /// <summary>
    /// The histories after <paramref name="applied"/> writes, each with the object the API server stored for it.
    /// A write stored as planned ends its policy's history; a rewritten one extends it, and the
    /// <see cref="MaxRewrittenWrites"/>th and every later one sets a backoff. <paramref name="newLoops"/> counts the
    /// policies that entered a loop with these writes.
    /// </summary>
    public static IReadOnlyDictionary<string, RewriteHistory> Record(
        IReadOnlyDictionary<string, RewriteHistory> histories,
        IEnumerable<(PolicyWrite Write, V1NetworkPolicy Stored)> applied,
        DateTimeOffset now,
        RewriteBackoff backoff,
        out int newLoops)
    {
        var next = new Dictionary<string, RewriteHistory>(histories, StringComparer.Ordinal);
        newLoops = 0;
        foreach (var (write, stored) in applied)
        {
            if (write.Desired is not { } desired)
            {
                continue;
            }

            if (PolicyComparer.Matches(desired, stored))
            {
                next.Remove(write.Key);
                continue;
            }

            var hash = HashOf(desired);
            var previous = next.GetValueOrDefault(write.Key) is { } h && h.PlannedHash == hash ? h : null;
            var rewritten = (previous?.RewrittenWrites ?? 0) + 1;
            var holds = previous?.Holds ?? 0;
            DateTimeOffset? retryAt = null;
            if (rewritten >= MaxRewrittenWrites)
            {
                holds++;
                retryAt = now + backoff.After(holds);
                newLoops += holds == 1 ? 1 : 0;
            }

            next[write.Key] = new RewriteHistory(write.Namespace, write.Name, hash, rewritten, holds, retryAt, PolicyFieldDiff.Between(desired, stored));
        }

        return next;
    }

    /// <summary>The policies in a loop, by namespace and name.</summary>
    public static IReadOnlyList<RewriteHistory> Loops(IReadOnlyDictionary<string, RewriteHistory> histories) =>
        histories.Values.Where(h => h.InLoop)
            .OrderBy(h => h.Namespace, StringComparer.Ordinal).ThenBy(h => h.Name, StringComparer.Ordinal).ToList();

    /// <summary>
    /// When the tenant must be looked at again without any event: at once while a rewritten policy is below the bound
    /// (a rewrite the server stored as no change sends no watch event), else when the first backoff ends; null when
    /// nothing waits.
    /// </summary>
    public static DateTimeOffset? NextLook(IReadOnlyDictionary<string, RewriteHistory> histories, DateTimeOffset now) =>
        histories.Count == 0 ? null : histories.Values.Min(h => h.RetryAt ?? now);

    private static string HashOf(V1NetworkPolicy desired) => desired.Metadata.Annotations[WellKnown.ContentHashAnnotation];
}
