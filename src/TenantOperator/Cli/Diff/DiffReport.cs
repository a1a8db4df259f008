using TenantOperator.Policy.Audit;
using TenantOperator.Policy.Evaluation;

namespace TenantOperator.Cli.Diff;

/// <summary>What <c>diff</c> found: the connections the head revision opens and those it closes.</summary>
/// <param name="Opened">Connections the head allows for some probe pods the base denies them, sorted.</param>
/// <param name="Closed">Connections the base allows for some probe pods the head denies them, sorted.</param>
/// <param name="Counts">What was compared.</param>
/// <param name="Notes">Things the reader should know about the input.</param>
internal sealed record DiffReport(IReadOnlyList<ChangedConnection> Opened, IReadOnlyList<ChangedConnection> Closed, DiffCounts Counts, IReadOnlyList<string> Notes);

/// <summary>How much was compared.</summary>
/// <param name="Namespaces">Namespaces probed (the union of both revisions).</param>
/// <param name="ProbePods">Probe pods per namespace (one per label set).</param>
/// <param name="PortRanges">Port ranges probed, over all protocols.</param>
/// <param name="BasePolicies">NetworkPolicies of the base, planned ones included.</param>
/// <param name="HeadPolicies">NetworkPolicies of the head, planned ones included.</param>
internal sealed record DiffCounts(int Namespaces, int ProbePods, int PortRanges, int BasePolicies, int HeadPolicies);

/// <summary>
/// A connection between two namespaces on a range of ports that one revision allows and the other does not, with
/// the parties (tenant or namespace) of its ends and the rules that allow it in the revision that allows it.
/// </summary>
internal sealed record ChangedConnection(
    string FromNamespace, Party FromParty, string ToNamespace, Party ToParty, PortInterval Ports, IReadOnlyList<AllowingSide> AllowedBy);

/// <summary>
/// Why one side (egress at the source, ingress at the destination) lets a connection through: a rule, or no policy
/// isolating the pods of that namespace for that direction.
/// </summary>
internal sealed record AllowingSide(TrafficDirection Direction, DirectionOutcome Outcome, RuleRef? Rule) : IComparable<AllowingSide>
{
    /// <inheritdoc />
    public int CompareTo(AllowingSide? other) =>
        other is null ? 1 : string.CompareOrdinal(SortKey, other.SortKey);

    private string SortKey => $"{(Direction == TrafficDirection.Egress ? 0 : 1)} {Rule} {Outcome}";

    /// <summary><c>egress: web-frontend/x egress[0]</c>, or <c>ingress: not isolated</c>.</summary>
    public override string ToString() =>
        $"{(Direction == TrafficDirection.Egress ? "egress" : "ingress")}: {(Rule is { } rule ? rule.ToString() : Outcome == DirectionOutcome.NotIsolated ? "not isolated" : Outcome.ToString())}";
}
