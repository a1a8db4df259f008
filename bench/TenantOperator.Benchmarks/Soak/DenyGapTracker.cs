using System.Diagnostics;
using k8s.Models;
using TenantOperator.Api;

namespace TenantOperator.Benchmarks.Soak;

/// <summary>
/// How long member namespaces go without their default deny: sampled from the observer's caches, a member namespace
/// lacks it while no policy named tenant-isolation-default-deny with the deny-all spec is in it (a deleted or
/// hand-edited deny counts as missing). A gap of a namespace that has just joined (it never had the deny during this
/// membership) is counted apart from a gap of one that had it and lost it.
/// </summary>
public sealed class DenyGapTracker
{
    private readonly Dictionary<string, (long Since, bool HadDeny)> _open = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> _hadDeny = new(StringComparer.Ordinal);
    private readonly List<TimeSpan> _joinGaps = [];
    private readonly List<TimeSpan> _lossGaps = [];

    /// <summary>Gaps of namespaces that had just joined a tenant.</summary>
    public IReadOnlyList<TimeSpan> JoinGaps => _joinGaps;

    /// <summary>Gaps of member namespaces that had their deny and lost it (deleted or edited by hand, a handover).</summary>
    public IReadOnlyList<TimeSpan> LossGaps => _lossGaps;

    /// <summary>Takes one sample at Stopwatch time <paramref name="now"/>.</summary>
    public void Sample(SoakSnapshot snapshot, long now)
    {
        var oracle = snapshot.Oracle();
        var denied = snapshot.Policies.Where(IsDenyAll).Select(p => p.Metadata.NamespaceProperty).ToHashSet(StringComparer.Ordinal);
        foreach (var ns in oracle.MemberOf.Keys)
        {
            var hadDeny = _hadDeny.GetValueOrDefault(ns);
            if (denied.Contains(ns))
            {
                Close(ns, now);
                _hadDeny[ns] = true;
            }
            else if (!_open.ContainsKey(ns))
            {
                _open[ns] = (now, hadDeny);
            }
        }

        // A namespace that is no member any more (it left, or is being deleted) has no gap to close later.
        foreach (var ns in _open.Keys.Concat(_hadDeny.Keys).Where(ns => !oracle.MemberOf.ContainsKey(ns)).ToList())
        {
            Close(ns, now);
            _hadDeny.Remove(ns);
        }
    }

    /// <summary>Closes every gap still open (at the end).</summary>
    public void CloseAll(long now)
    {
        foreach (var ns in _open.Keys.ToList())
        {
            Close(ns, now);
        }
    }

    /// <summary>The gaps still open.</summary>
    public int Open => _open.Count;

    private void Close(string ns, long now)
    {
        if (_open.Remove(ns, out var gap))
        {
            (gap.HadDeny ? _lossGaps : _joinGaps).Add(Stopwatch.GetElapsedTime(gap.Since, now));
        }
    }

    private static bool IsDenyAll(V1NetworkPolicy policy) =>
        policy.Metadata.Name == WellKnown.DefaultDenyPolicy
        && policy.Spec?.PodSelector is { MatchLabels: null or { Count: 0 }, MatchExpressions: null or { Count: 0 } }
        && policy.Spec.PolicyTypes is { Count: 2 } types && types.Contains("Ingress") && types.Contains("Egress")
        && policy.Spec.Ingress is null or { Count: 0 } && policy.Spec.Egress is null or { Count: 0 };
}
