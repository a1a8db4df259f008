using System.Text;
using TenantOperator.Policy.Audit;
using TenantOperator.Policy.Evaluation;

namespace TenantOperator.Cli.Audit;

/// <summary>
/// <c>audit</c>'s text output: what was read, the tenants, the tenant matrix, the pod matrix (with <c>--pods</c>) and
/// the breaches grouped by what opens them. Warnings go to stderr, not here.
/// </summary>
internal static class AuditTextWriter
{
    /// <summary>Connections listed under one opening before the rest are only counted.</summary>
    private const int ShownPerGroup = 20;

    public static string Write(AuditReport report)
    {
        var text = new StringBuilder();
        Header(report, text);
        Tenants(report, text);
        Matrix(report, text);
        if (report.Connections.Count > 0)
        {
            PodMatrix(report, text);
        }

        Breaches(report, text);
        return text.ToString();
    }

    private static void Header(AuditReport report, StringBuilder text)
    {
        var c = report.Counts;
        text.Append($"Audited {c.Pods} pod(s) in {c.Namespaces} namespace(s), {c.NetworkPolicies} NetworkPolicies, {c.TenantIsolations} TenantIsolation(s)");
        text.AppendLine(report.Planned ? " (the operator's policies as planned: --plan)." : ".");
        if (c.SkippedPods > 0)
        {
            text.AppendLine($"Left out {c.SkippedPods} finished pod(s) (Succeeded or Failed).");
        }

        text.AppendLine(report.Probes.Explicit
            ? $"Ports probed: {string.Join(", ", report.Probes.Ports)}."
            : report.Probes.Ports.Count == 0
                ? "Ports probed: none (no pod declares a container port; see --ports)."
                : $"Ports probed: each destination pod's container ports (a pod that declares none: all of {Ports(report.Probes.Ports)}).");
    }

    private static void Tenants(AuditReport report, StringBuilder text)
    {
        text.AppendLine().AppendLine("TENANTS");
        if (report.Tenants.Count == 0)
        {
            text.AppendLine("  (none)");
        }

        foreach (var t in report.Tenants)
        {
            text.AppendLine($"  {t.Name} ({t.Mode}): {t.Pods} pod(s) in {(t.Members.Count == 0 ? "no namespace" : string.Join(", ", t.Members))}; {t.PoliciesInPlace} of {t.PlannedPolicies} planned policies in place");
            foreach (var e in t.Excluded)
            {
                text.AppendLine($"    not a member: {e.Name} ({e.Reason})");
            }
        }
    }

    private static void Matrix(AuditReport report, StringBuilder text)
    {
        text.AppendLine().AppendLine("TENANT MATRIX (who reaches whom, on which ports; pod pairs in parentheses)");
        if (report.Matrix.Count == 0)
        {
            text.AppendLine("  (no connection to or from a tenant)");
            return;
        }

        var from = Math.Max(4, report.Matrix.Max(r => r.From.ToString().Length));
        var to = Math.Max(2, report.Matrix.Max(r => r.To.ToString().Length));
        text.AppendLine($"  {"FROM".PadRight(from)}  {"TO".PadRight(to)}  PORTS");
        foreach (var r in report.Matrix)
        {
            text.AppendLine($"  {r.From.ToString().PadRight(from)}  {r.To.ToString().PadRight(to)}  {string.Join(", ", r.Ports.Select(p => $"{p.Port} ({p.Connections})"))}");
        }

        text.AppendLine("  Pairs not listed reach each other on no probed port.");
    }

    private static void PodMatrix(AuditReport report, StringBuilder text)
    {
        text.AppendLine().AppendLine("POD MATRIX (rows: sources, columns: destinations by number; . allowed, X denied, blank: port not probed there)");
        var pods = report.Pods;
        var names = pods.Select((p, i) => $"{i + 1,3} {p}").ToArray();
        var width = names.Max(n => n.Length);
        var allowed = report.Connections.ToLookup(c => (c.From, c.To, c.Port));
        foreach (var port in report.Probes.Ports)
        {
            text.Append($"  {port.ToString().PadRight(width)} ");
            text.AppendLine(string.Concat(Enumerable.Range(1, pods.Count).Select(i => $"{i,3}")));
            for (var s = 0; s < pods.Count; s++)
            {
                text.Append($"  {names[s].PadRight(width)} ");
                for (var d = 0; d < pods.Count; d++)
                {
                    var cell = allowed[(pods[s].ToString(), pods[d].ToString(), port)].FirstOrDefault();
                    text.Append($"{(cell is null ? "" : cell.Allowed ? "." : "X"),3}");
                }

                text.AppendLine();
            }
        }
    }

    private static void Breaches(AuditReport report, StringBuilder text)
    {
        text.AppendLine();
        if (report.Breaches.Count == 0)
        {
            text.AppendLine("No breach: every probed connection across a tenant boundary is declared by the TenantIsolations.");
            return;
        }

        text.AppendLine($"BREACHES: {report.Breaches.Count} connection(s) across a tenant boundary that no TenantIsolation declares");
        foreach (var group in report.Breaches.GroupBy(b => string.Join(" and ", b.OpenedBy.Select(Cause).Distinct())))
        {
            var list = group.ToList();
            text.AppendLine($"  opened by {group.Key}: {list.Count} connection(s)");
            foreach (var b in list.Take(ShownPerGroup))
            {
                text.AppendLine($"    {b.From} ({b.FromParty}) -> {b.To} ({b.ToParty}) on {b.Port}");
            }

            if (list.Count > ShownPerGroup)
            {
                text.AppendLine($"    ... and {list.Count - ShownPerGroup} more (-o json lists them all)");
            }
        }
    }

    /// <summary>What opens a side, said the same way for every connection it opens, so breaches group by it.</summary>
    private static string Cause(BreachOpening opening) => opening.Outcome switch
    {
        DirectionOutcome.AllowedByRule => opening.Rule!.ToString(),
        DirectionOutcome.HostNetwork => $"the host network of {opening.Pod}",
        _ => $"no {(opening.Direction == TrafficDirection.Ingress ? "ingress" : "egress")} isolation in namespace {opening.Pod[..opening.Pod.IndexOf('/', StringComparison.Ordinal)]}",
    };

    private static string Ports(IReadOnlyList<ProtocolPort> ports) => string.Join(", ", ports);
}
