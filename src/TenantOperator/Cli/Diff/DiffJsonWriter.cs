using System.Text.Json.Nodes;
using TenantOperator.Cli.Audit;
using TenantOperator.Policy.Evaluation;

namespace TenantOperator.Cli.Diff;

/// <summary><c>diff -o json</c>: the report as one stable object (schema in docs/audit.md).</summary>
internal static class DiffJsonWriter
{
    public static string Write(DiffReport report) => AuditJson.Write(new JsonObject
    {
        ["kind"] = "ConnectivityDiff",
        ["schemaVersion"] = AuditJson.SchemaVersion,
        ["counts"] = new JsonObject
        {
            ["namespaces"] = report.Counts.Namespaces,
            ["probePodsPerNamespace"] = report.Counts.ProbePods,
            ["portRanges"] = report.Counts.PortRanges,
            ["baseNetworkPolicies"] = report.Counts.BasePolicies,
            ["headNetworkPolicies"] = report.Counts.HeadPolicies,
            ["opened"] = report.Opened.Count,
            ["closed"] = report.Closed.Count,
        },
        ["opened"] = AuditJson.Array(report.Opened.Select(Connection)),
        ["closed"] = AuditJson.Array(report.Closed.Select(Connection)),
        ["notes"] = AuditJson.Strings(report.Notes),
    });

    private static JsonObject Connection(ChangedConnection connection) => new()
    {
        ["fromNamespace"] = connection.FromNamespace,
        ["toNamespace"] = connection.ToNamespace,
        ["fromParty"] = AuditJson.Party(connection.FromParty),
        ["toParty"] = AuditJson.Party(connection.ToParty),
        ["protocol"] = connection.Ports.Protocol.ToKubernetesName(),
        ["port"] = connection.Ports.Start,
        ["endPort"] = connection.Ports.End,
        ["allowedBy"] = AuditJson.Array(connection.AllowedBy.Select(side => new JsonObject
        {
            ["direction"] = side.Direction.ToString(),
            ["reason"] = side.Outcome.ToString(),
            ["policy"] = side.Rule?.Policy.ToString(),
            ["rule"] = side.Rule?.Index,
        })),
    };
}
