namespace TenantOperator.Policy.Evaluation;

/// <summary>What the explainer learned about one side of a connection, turned into a <see cref="DirectionVerdict"/>.</summary>
internal sealed class SideFindings(TrafficDirection direction, ResolvedEndpoint subject, ResolvedEndpoint peer)
{
    private readonly List<(CompiledRule Rule, AddressFamilies Families)> _allowing = [];
    private readonly List<string> _misses = [];
    private DirectionOutcome? _ungoverned;
    private string _ungovernedReason = "";
    private CompiledPolicy[] _policies = [];

    /// <summary>The families over which this side allows the connection.</summary>
    public AddressFamilies Families { get; private set; }

    /// <summary>Notes worth showing when this side denies (a pod without IPs, a named port that does not resolve).</summary>
    public IEnumerable<string> Notes => _ungoverned is null && _allowing.Count == 0 ? _misses.Distinct() : [];

    public SideFindings Ungoverned(DirectionOutcome outcome, AddressFamilies families, string reason)
    {
        _ungoverned = outcome;
        _ungovernedReason = reason;
        Families = families == AddressFamilies.None ? AddressFamilies.Both : families;
        return this;
    }

    public void IsolatedBy(CompiledPolicy[] policies) => _policies = policies;

    public void AllowedBy(CompiledRule rule, AddressFamilies families)
    {
        _allowing.Add((rule, families));
        Families |= families;
    }

    public void ExplainMiss(CompiledRule rule, AddressFamilies peerFamilies, bool portsMatch, ProtocolPort port, ResolvedEndpoint destination)
    {
        if (portsMatch && peer.Pod is { Addresses.Length: 0 } && rule.IpBlocks.Length > 0)
        {
            _misses.Add($"{peer.Display} has no IP: ipBlock peers cannot match it ({rule.Ref})");
        }

        if (portsMatch || (peerFamilies == AddressFamilies.None && !rule.MatchesAllPeers))
        {
            return;
        }

        foreach (var entry in rule.Ports.Entries.Where(e => e.Name is not null && e.Protocol == port.Protocol))
        {
            _misses.Add(destination.Pod is null
                ? $"{rule.Ref} names port \"{entry.Name}\", which only a pod can resolve, and {destination.Display} is not a pod"
                : $"{rule.Ref} names port \"{entry.Name}\", but {destination.Display} has no {port.Protocol.ToKubernetesName()} container port of that name numbered {port.Port}");
        }
    }

    public DirectionVerdict ToVerdict(ProtocolPort port, AddressFamilies preferred, AddressFamilies families)
    {
        var subjectText = subject.Display;
        if (_ungoverned is { } outcome)
        {
            return new DirectionVerdict(direction, subjectText, true, outcome, [], null, _ungovernedReason);
        }

        var policies = _policies.Select(p => p.Ref).ToArray();
        var isolated = $"{subjectText} is isolated for {VerdictExplainer.Word(direction)} by {string.Join(", ", policies.Select(p => p.ToString()))}";
        var towards = direction == TrafficDirection.Egress ? $"to {peer.Display}" : $"from {peer.Display}";
        var allowing = _allowing.FirstOrDefault(a => (a.Families & preferred) != AddressFamilies.None);
        if (allowing.Rule is null)
        {
            allowing = _allowing.FirstOrDefault(a => (a.Families & families) != AddressFamilies.None);
        }

        if (allowing.Rule is not null)
        {
            return new DirectionVerdict(direction, subjectText, true, DirectionOutcome.AllowedByRule, policies, allowing.Rule.Ref,
                $"{isolated}; {allowing.Rule.Ref} allows {port} {towards}");
        }

        var ruleCount = _policies.Sum(p => p.Rules(direction).Count);
        var word = VerdictExplainer.Word(direction);
        var owners = _policies.Length == 1 ? "this policy has" : "these policies have";
        var none = ruleCount == 0
            ? $"{owners} no {word} rule, so nothing is allowed"
            : $"no {word} rule of {(_policies.Length == 1 ? "it" : "theirs")} allows {port} {towards} ({ruleCount} {(ruleCount == 1 ? "rule" : "rules")} checked)";
        return new DirectionVerdict(direction, subjectText, false, DirectionOutcome.NoRuleAllows, policies, null, $"{isolated}; {none}");
    }
}
