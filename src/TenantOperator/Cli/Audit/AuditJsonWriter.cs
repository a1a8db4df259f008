using System.Text.Json.Nodes;
using TenantOperator.Policy.Audit;
using TenantOperator.Policy.Evaluation;

namespace TenantOperator.Cli.Audit;

/// <summary><c>audit -o json</c>: the report as one stable object (schema in docs/audit.md).</summary>
internal static class AuditJsonWriter
{
    public static string Write(AuditReport report) => AuditJson.Write(new JsonObject
    {
        ["kind"] = "AuditReport",
        ["schemaVersion"] = AuditJson.SchemaVersion,
        ["planned"] = report.Planned,
        ["counts"] = new JsonObject
        {
            ["namespaces"] = report.Counts.Namespaces,
            ["pods"] = report.Counts.Pods,
            ["skippedPods"] = report.Counts.SkippedPods,
            ["networkPolicies"] = report.Counts.NetworkPolicies,
            ["tenantIsolations"] = report.Counts.TenantIsolations,
            ["breaches"] = report.Breaches.Count,
        },
        ["ports"] = new JsonObject
        {
            ["mode"] = report.Probes.Explicit ? "Explicit" : "ContainerPorts",
            ["probed"] = AuditJson.Array(report.Probes.Ports.Select(AuditJson.Port)),
        },
        ["tenants"] = AuditJson.Array(report.Tenants.Select(t => new JsonObject
        {
            ["name"] = t.Name,
            ["mode"] = t.Mode,
            ["namespaces"] = AuditJson.Strings(t.Members),
            ["excluded"] = AuditJson.Array(t.Excluded.Select(e => new JsonObject { ["name"] = e.Name, ["reason"] = e.Reason })),
            ["pods"] = t.Pods,
            ["plannedPolicies"] = t.PlannedPolicies,
            ["policiesInPlace"] = t.PoliciesInPlace,
        })),
        ["matrix"] = AuditJson.Array(report.Matrix.Select(r => new JsonObject
        {
            ["from"] = AuditJson.Party(r.From),
            ["to"] = AuditJson.Party(r.To),
            ["ports"] = AuditJson.Array(r.Ports.Select(p =>
            {
                var port = AuditJson.Port(p.Port);
                port["connections"] = p.Connections;
                return port;
            })),
        })),
        ["connections"] = AuditJson.Array(report.Connections.Select(c => new JsonObject
        {
            ["from"] = c.From,
            ["to"] = c.To,
            ["port"] = c.Port.Port,
            ["protocol"] = c.Port.Protocol.ToKubernetesName(),
            ["allowed"] = c.Allowed,
        })),
        ["breaches"] = AuditJson.Array(report.Breaches.Select(b => new JsonObject
        {
            ["from"] = b.From,
            ["to"] = b.To,
            ["port"] = b.Port.Port,
            ["protocol"] = b.Port.Protocol.ToKubernetesName(),
            ["fromParty"] = AuditJson.Party(b.FromParty),
            ["toParty"] = AuditJson.Party(b.ToParty),
            ["openedBy"] = AuditJson.Array(b.OpenedBy.Select(AuditJson.Opening)),
        })),
        ["warnings"] = AuditJson.Strings(report.Warnings),
    });
}
