using System.Diagnostics;

namespace TenantOperator.Benchmarks.Soak;

/// <summary>
/// Every replica's terms as leader, from the lines each process logs as it starts and stops leading
/// (<c>LeaderElectionLoop</c>: "op-0-1 started leading lease …", "… stopped leading lease …"), each stamped with this
/// process's <see cref="Stopwatch"/> as the line arrives; a term still open when its process is killed ends at the
/// kill. Two terms of different replicas that overlap at all are an overlap, however short: the 1 s samples of
/// <c>/metrics</c> see only the ones that happen to span a sample.
/// </summary>
/// <remarks>
/// Both ends of a term come through the same kind of pipe with about the same delay, so an overlap is measured to
/// about the delay of a log line (milliseconds). A "started" line is written just before the term's work starts and a
/// "stopped" line just after its token is cancelled; a write already in flight at the stop may still land after it.
/// </remarks>
public sealed class LeadershipTimeline
{
    private const string Started = " started leading lease ";
    private const string Stopped = " stopped leading lease ";
    private readonly Lock _lock = new();
    private readonly List<LeaderTerm> _terms = [];
    private readonly Dictionary<string, long> _open = new(StringComparer.Ordinal);

    /// <summary>Looks at one line of <paramref name="identity"/>'s log.</summary>
    public void Line(string identity, string line) => Line(identity, line, Stopwatch.GetTimestamp());

    /// <summary>Looks at one line of <paramref name="identity"/>'s log, arrived at <paramref name="at"/> (a Stopwatch time).</summary>
    public void Line(string identity, string line, long at)
    {
        if (line.Contains(identity + Started, StringComparison.Ordinal))
        {
            lock (_lock)
            {
                _open.TryAdd(identity, at);
            }
        }
        else if (line.Contains(identity + Stopped, StringComparison.Ordinal))
        {
            End(identity, at);
        }
    }

    /// <summary>Ends <paramref name="identity"/>'s open term, if any, at <paramref name="at"/>: its process was killed or exited.</summary>
    public void End(string identity, long at)
    {
        lock (_lock)
        {
            if (_open.Remove(identity, out var from))
            {
                _terms.Add(new LeaderTerm(identity, from, at));
            }
        }
    }

    /// <summary>Every term, the open ones ending at <paramref name="now"/>, in the order they started.</summary>
    public IReadOnlyList<LeaderTerm> Terms(long now)
    {
        lock (_lock)
        {
            return [.. _terms.Concat(_open.Select(o => new LeaderTerm(o.Key, o.Value, now))).OrderBy(t => t.From)];
        }
    }

    /// <summary>Each stretch of time in which two replicas both led, the open terms ending at <paramref name="now"/>.</summary>
    public IReadOnlyList<LeaderOverlap> Overlaps(long now)
    {
        var terms = Terms(now);
        var overlaps = new List<LeaderOverlap>();
        for (var i = 0; i < terms.Count; i++)
        {
            for (var j = i + 1; j < terms.Count; j++)
            {
                var (a, b) = (terms[i], terms[j]);
                var from = Math.Max(a.From, b.From);
                var to = Math.Min(a.To, b.To);
                if (a.Identity != b.Identity && to > from)
                {
                    overlaps.Add(new LeaderOverlap(a.Identity, b.Identity, from, Stopwatch.GetElapsedTime(from, to)));
                }
            }
        }

        return overlaps;
    }
}

/// <summary>One term of one replica, from and to as Stopwatch times.</summary>
public sealed record LeaderTerm(string Identity, long From, long To);

/// <summary>Two replicas leading at once: who, from when (a Stopwatch time), for how long.</summary>
public sealed record LeaderOverlap(string First, string Second, long From, TimeSpan Duration);
