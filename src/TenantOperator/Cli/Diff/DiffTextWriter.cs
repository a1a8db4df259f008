using System.Text;

namespace TenantOperator.Cli.Diff;

/// <summary><c>diff</c>'s text output: the opened connections, then the closed ones, grouped by the parties of their ends.</summary>
internal static class DiffTextWriter
{
    public static string Write(DiffReport report)
    {
        var text = new StringBuilder();
        text.Append($"Compared {report.Counts.Namespaces} namespace(s), {report.Counts.ProbePods} probe pod(s) each, {report.Counts.PortRanges} port range(s); ")
            .Append($"NetworkPolicies after planning: base {report.Counts.BasePolicies}, head {report.Counts.HeadPolicies}\n");
        Section(text, "OPENED", "the head allows and the base does not", report.Opened);
        Section(text, "CLOSED", "the base allows and the head does not", report.Closed);
        return text.ToString();
    }

    private static void Section(StringBuilder text, string title, string meaning, IReadOnlyList<ChangedConnection> connections)
    {
        text.Append($"\n{title}: {connections.Count} connection(s) {meaning}\n");
        foreach (var group in connections.GroupBy(c => (c.FromParty, c.ToParty)))
        {
            text.Append($"  {group.Key.FromParty} -> {group.Key.ToParty}\n");
            foreach (var connection in group)
            {
                text.Append($"    {connection.FromNamespace} -> {connection.ToNamespace} on {connection.Ports}: {string.Join("; ", connection.AllowedBy)}\n");
            }
        }
    }
}
