namespace TenantOperator.Policy.Evaluation;

/// <summary>
/// The compiled <c>ports</c> of a rule. Empty means every port of every protocol. An entry is a protocol with a
/// number range (<c>port</c> to <c>endPort</c>; all ports when <c>port</c> is absent) or a named port, which matches
/// when the destination pod has a container port of that name, that protocol and the requested number.
/// </summary>
internal sealed class PortMatcher
{
    public static readonly PortMatcher All = new([]);

    private readonly PortEntry[] _entries;

    public PortMatcher(PortEntry[] entries)
    {
        _entries = entries;
        HasNamedPorts = Array.Exists(entries, e => e.Name is not null);
    }

    public bool MatchesAll => _entries.Length == 0;

    public bool HasNamedPorts { get; }

    public IReadOnlyList<PortEntry> Entries => _entries;

    /// <summary>True when the rule's ports admit <paramref name="port"/>/<paramref name="protocol"/> towards <paramref name="destination"/> (null: not a pod).</summary>
    public bool Matches(TransportProtocol protocol, int port, CompiledPod? destination)
    {
        if (_entries.Length == 0)
        {
            return true;
        }

        foreach (var entry in _entries)
        {
            if (entry.Protocol != protocol)
            {
                continue;
            }

            if (entry.Name is null)
            {
                if (port >= entry.First && port <= entry.Last)
                {
                    return true;
                }
            }
            else if (destination is not null && destination.HasNamedPort(entry.NameId, protocol, port))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when some entry could admit the port whatever the destination (no named port needed).</summary>
    public bool MatchesByNumber(TransportProtocol protocol, int port)
    {
        if (_entries.Length == 0)
        {
            return true;
        }

        foreach (var entry in _entries)
        {
            if (entry.Name is null && entry.Protocol == protocol && port >= entry.First && port <= entry.Last)
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>One entry of a rule's <c>ports</c>: a number range, or a name (then <see cref="NameId"/> is its interned id).</summary>
internal readonly record struct PortEntry(TransportProtocol Protocol, int First, int Last, string? Name, int NameId)
{
    public override string ToString()
    {
        var protocol = Protocol.ToKubernetesName();
        if (Name is not null)
        {
            return $"{Name}/{protocol}";
        }

        if (First == 1 && Last == 65535)
        {
            return $"all {protocol} ports";
        }

        return First == Last ? $"{First}/{protocol}" : $"{First}-{Last}/{protocol}";
    }
}
