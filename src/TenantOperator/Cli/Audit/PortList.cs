using TenantOperator.Policy.Evaluation;

namespace TenantOperator.Cli.Audit;

/// <summary>Reads <c>--ports 80/TCP,81/UDP,53</c>: comma-separated ports, TCP when a port names no protocol.</summary>
internal static class PortList
{
    /// <summary>The ports, or the first problem.</summary>
    public static (List<ProtocolPort> Ports, string? Error) Parse(string text)
    {
        var ports = new List<ProtocolPort>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            try
            {
                ports.Add(ProtocolPort.Parse(part));
            }
            catch (FormatException ex)
            {
                return ([], $"--ports: Invalid value: {ex.Message}");
            }
        }

        return (ports, null);
    }
}
